// ARN pieces: the six colon-delimited components (arn:partition:service:region:account:resource,
// the resource part keeping any further colons), and the forms an IAM principal's ARN takes.
import { sliceGlob, type Glob } from './wildcard.js';

export const ARN_PARTS = 6;

/** Positions of the first five colons, or undefined when there are fewer. */
function colonPositions(text: string): number[] | undefined {
  const positions: number[] = [];
  let from = 0;
  while (positions.length < ARN_PARTS - 1) {
    const colon = text.indexOf(':', from);
    if (colon < 0) return undefined;
    positions.push(colon);
    from = colon + 1;
  }
  return positions;
}

/** The six components of an ARN, or undefined when the text has fewer than six. */
export function splitArn(text: string): string[] | undefined {
  const colons = colonPositions(text);
  if (colons === undefined) return undefined;
  return [0, ...colons.map((c) => c + 1)].map((start, i) => text.slice(start, i < colons.length ? colons[i] : undefined));
}

/** The six components of an ARN pattern, wildcards kept per component. */
export function splitArnGlob(glob: Glob): Glob[] | undefined {
  const colons = colonPositions(glob.text);
  if (colons === undefined) return undefined;
  return [0, ...colons.map((c) => c + 1)].map((start, i) => sliceGlob(glob, start, i < colons.length ? colons[i]! : glob.text.length));
}

export type PrincipalArn =
  | { kind: 'root'; partition: string; account: string }
  | { kind: 'role'; partition: string; account: string; roleName: string }
  | { kind: 'user'; partition: string; account: string; userName: string }
  | { kind: 'assumed-role'; partition: string; account: string; roleName: string; sessionName: string }
  | { kind: 'other'; partition: string; account: string };

const ACCOUNT_ID = /^\d{12}$/;
const PRINCIPAL_ARN = /^arn:([^:]+):(iam|sts)::(\d{12}):(.+)$/;

/** Reads an IAM/STS principal ARN; undefined when it is not one (a service name, `*`, garbage). */
export function parsePrincipalArn(arn: string): PrincipalArn | undefined {
  const match = PRINCIPAL_ARN.exec(arn);
  if (match === null) return undefined;
  const [partition, service, account, resource] = [match[1]!, match[2]!, match[3]!, match[4]!];
  if (service === 'iam' && resource === 'root') return { kind: 'root', partition, account };
  if (service === 'iam' && resource.startsWith('role/')) return { kind: 'role', partition, account, roleName: resource.slice(resource.lastIndexOf('/') + 1) };
  if (service === 'iam' && resource.startsWith('user/')) return { kind: 'user', partition, account, userName: resource.slice(resource.lastIndexOf('/') + 1) };
  const session = service === 'sts' ? /^assumed-role\/([^/]+)\/(.+)$/.exec(resource) : null;
  if (session !== null) return { kind: 'assumed-role', partition, account, roleName: session[1]!, sessionName: session[2]! };
  return { kind: 'other', partition, account };
}

export function isAccountId(text: string): boolean {
  return ACCOUNT_ID.test(text);
}

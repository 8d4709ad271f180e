// Which document plays which part in one export setup.
import type { AccountFacts, FactLocation, Level, PipelineParams, PolicyDocument, SourceFacts, SourceRange, SourceResult } from '../types.js';
import type { CallerIdentity, LiveFacts, LiveKeyFacts, LiveProblem } from '../sources/live/types.js';

/** What live mode learnt beyond the documents: facts the rules check, and the reads that failed. */
export interface LiveContext {
  callerIdentity?: CallerIdentity;
  facts: LiveFacts;
  problems: LiveProblem[];
}

export interface Setup {
  /** Directory (display path) whose documents form this setup, or a label such as `live:ROLE`. */
  directory: string;
  params: PipelineParams;
  /** What is known of the account beyond the parameters (the role's id and tags, Bucket Keys) and the time of the check. */
  facts: AccountFacts;
  /** Config file that supplied the parameters, if any (display path). */
  configFile?: string;
  /** Where each parameter that came from a config is written: that config (display path; the cascade may hold several) and the position (not for command-line flags). */
  paramSources: Partial<Record<keyof PipelineParams, { file: string; range: SourceRange }>>;
  /** Rule levels from the config ('off' disables a rule). */
  ruleLevels: Readonly<Record<string, Level | 'off'>>;
  /** Every input read for this setup, with its problems. */
  sources: SourceResult[];
  documents: PolicyDocument[];
  trust: PolicyDocument[];
  identity: PolicyDocument[];
  boundary: PolicyDocument[];
  bucket: PolicyDocument[];
  key: PolicyDocument[];
  /** Present in live mode only. */
  live?: LiveContext;
  /** What saved AWS CLI outputs say about the bucket and key (get-bucket-encryption, describe-key), as live mode reads it. */
  savedFacts?: SourceFacts;
}

/** Facts about the bucket and key, from live mode or from saved CLI outputs; the latter say where they were read. */
export interface AwsFacts {
  bucketEncryption?: NonNullable<LiveFacts['bucketEncryption']> & { at?: FactLocation };
  key?: LiveKeyFacts & { at?: FactLocation };
  bucketRegion?: string;
}

export function awsFacts(setup: Setup): AwsFacts {
  const live = setup.live?.facts;
  const bucketEncryption = live?.bucketEncryption ?? setup.savedFacts?.bucketEncryption;
  const key = live?.key ?? setup.savedFacts?.key;
  return { ...(bucketEncryption === undefined ? {} : { bucketEncryption }), ...(key === undefined ? {} : { key }), ...(live?.bucketRegion === undefined ? {} : { bucketRegion: live.bucketRegion }) };
}

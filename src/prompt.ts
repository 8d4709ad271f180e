// The yes/no question `--create` asks on a terminal. Only "yes" goes ahead; Ctrl-C, Ctrl-D (end of
// input) and a closed terminal are a "no", never an error.
import { createInterface } from 'node:readline/promises';
import type { Readable, Writable } from 'node:stream';

export interface Terminal {
  input: Readable;
  output: Writable;
}

export async function askYesNo(question: string, terminal: Terminal): Promise<boolean> {
  const prompt = createInterface({ input: terminal.input, output: terminal.output, terminal: true });
  const asked = new AbortController();
  // Readline reads Ctrl-C itself on a terminal in raw mode: it is a "no" here, not a signal.
  prompt.on('SIGINT', () => asked.abort());
  prompt.on('close', () => asked.abort());
  try {
    const answer = await prompt.question(`${question}\nType "yes" to go ahead: `, { signal: asked.signal });
    return answer.trim().toLowerCase() === 'yes';
  } catch (error) {
    if ((error as Error).name === 'AbortError') return false;
    throw error;
  } finally {
    prompt.close();
  }
}

// Where SARIF places its results: the repository root, so that code scanning finds each file
// whatever directory the linter ran in (a `working-directory:`, a monorepo folder). In GitHub
// Actions the checkout is GITHUB_WORKSPACE; elsewhere the git top level is the nearest directory at
// or above the working directory holding `.git` (a folder in a clone, a file in a worktree or a
// submodule). Outside any repository, the working directory itself.
import { existsSync, realpathSync } from 'node:fs';
import path from 'node:path';

export interface ResultPaths {
  /** The directory the findings' paths are relative to (absolute, symbolic links resolved). */
  cwd: string;
  /** The repository root (absolute, symbolic links resolved). */
  root: string;
}

/** An absolute path with symbolic links resolved, so that two spellings of one folder compare equal. */
function realPath(directory: string): string {
  try {
    return realpathSync.native(directory);
  } catch {
    return path.resolve(directory);
  }
}

export function resultPaths(cwd: string, env: NodeJS.ProcessEnv): ResultPaths {
  const workingDirectory = realPath(cwd);
  const workspace = env['GITHUB_WORKSPACE'];
  if (workspace !== undefined && workspace !== '') return { cwd: workingDirectory, root: realPath(path.resolve(cwd, workspace)) };
  for (let directory = workingDirectory; ; directory = path.dirname(directory)) {
    if (existsSync(path.join(directory, '.git'))) return { cwd: workingDirectory, root: directory };
    if (path.dirname(directory) === directory) return { cwd: workingDirectory, root: workingDirectory };
  }
}

// --print-config DIR: the configuration the setup of DIR is checked with, each value with where it
// came from (a config file, the command line, or the default), as ESLint's --print-config shows it.
import { statSync } from 'node:fs';
import path from 'node:path';
import type { PipelineParams } from './types.js';
import type { Rule } from './engine/rule.js';
import { levelFor } from './engine/run.js';
import { configContext, configResolver, UsageError } from './lint.js';
import type { RuleLevel } from './sources/config.js';
import { DEFAULT_MAX_FILE_SIZE, displayPath } from './sources/files.js';
import { allRules } from '../rules/index.js';

export interface PrintConfigOptions {
  /** The setup's directory (a file stands for its directory), relative to cwd. */
  directory: string;
  cwd: string;
  configFile?: string;
  /** Parameters from the command line. */
  params?: Partial<PipelineParams>;
  /** --rule levels. */
  ruleLevels?: Readonly<Record<string, RuleLevel>>;
  rules?: readonly Rule[];
}

/** Where a value came from: a config file (display path), `command line`, or `default`. */
type Origin = string;

export interface PrintedConfig {
  directory: string;
  /** The configs merged, outermost first (display paths); empty when none applies. */
  configFiles: string[];
  parameters: Record<string, { value: unknown; source: Origin }>;
  rules: Record<string, { level: RuleLevel; source: Origin }>;
  documents: Record<string, { kind: string; source: Origin }>;
  maxFileSize: { value: number; source: Origin };
  suppressions: { rule: string; file: string; path?: string; reason: string; expires?: string; source: Origin }[];
}

export const COMMAND_LINE = 'command line';
export const DEFAULT = 'default';

export async function printConfig(options: PrintConfigOptions): Promise<PrintedConfig> {
  const rules = options.rules ?? allRules;
  const absolute = path.resolve(options.cwd, options.directory);
  const info = statSync(absolute, { throwIfNoEntry: false });
  if (info === undefined) throw new UsageError(`--print-config ${options.directory}: no such file or directory`);
  const directory = info.isDirectory() ? absolute : path.dirname(absolute);
  const config = await (await configResolver(options.cwd, options.configFile, configContext(rules)))(directory);
  const shown = (file: string) => displayPath(file, options.cwd);
  const fromCli = Object.fromEntries(Object.entries(options.params ?? {}).filter(([, value]) => value !== undefined));
  const parameters: PrintedConfig['parameters'] = {};
  for (const [name, value] of Object.entries({ encryption: 'none', ...config?.params })) {
    const source = config?.sources.params[name as keyof PipelineParams];
    parameters[name] = { value, source: source === undefined ? DEFAULT : shown(source.file) };
  }
  for (const [name, value] of Object.entries(fromCli)) parameters[name] = { value, source: COMMAND_LINE };
  const levels = { ...config?.rules, ...options.ruleLevels };
  const ruleOrigin = (id: string): Origin => {
    if (options.ruleLevels?.[id] !== undefined) return COMMAND_LINE;
    const source = config?.sources.rules[id];
    return source === undefined ? DEFAULT : shown(source.file);
  };
  const sortedRules = [...rules].sort((a, b) => (a.meta.id < b.meta.id ? -1 : 1));
  return {
    directory: displayPath(directory, options.cwd),
    configFiles: (config?.files ?? []).map(shown),
    parameters,
    rules: Object.fromEntries(sortedRules.map((rule) => [rule.meta.id, { level: levelFor(rule, levels), source: ruleOrigin(rule.meta.id) }])),
    documents: Object.fromEntries([...(config?.documents ?? [])].map(([file, kind]) => [shown(file), { kind, source: shown(config!.sources.documents.get(file)!.file) }])),
    maxFileSize: config?.maxFileSize === undefined ? { value: DEFAULT_MAX_FILE_SIZE, source: DEFAULT } : { value: config.maxFileSize, source: shown(config.sources.maxFileSize!.file) },
    suppressions: (config?.suppressions ?? []).map((s) => ({
      rule: s.rule,
      file: shown(s.file),
      ...(s.path === undefined ? {} : { path: s.path }),
      reason: s.reason,
      ...(s.expires === undefined ? {} : { expires: s.expires }),
      source: shown(s.source),
    })),
  };
}

/**
 * The one argument parser behind every command line of the project (seeds, training, database, access,
 * build and bench scripts). Built on `node:util` `parseArgs` in strict mode, so every CLI behaves the same:
 *
 * - `--help` / `-h` prints the usage (commands, flags with their defaults, examples) to stdout, exit 0;
 * - `--flag value` and `--flag=value` both work; a boolean flag takes no value (`--promote=yes` is refused);
 * - an unknown flag, a flag without its value, a flag given twice, a flag that belongs to another
 *   subcommand, an unexpected positional argument or a missing required flag is refused with ONE line on
 *   stderr naming the flag (`seeds: unknown option "--sed" (see npm run seeds -- --help)`), exit 2.
 *   A value that starts with `-` must be written with `=` (`--seed=-1`, `--node-flags="--max-old-space-size=400"`),
 *   as strict `parseArgs` requires.
 *
 * Lives in `service/cli/support/` rather than `service/cli/` because `scripts/build.ts` bundles every
 * file directly under `service/cli/` as a command of its own.
 *
 * API
 * ```ts
 * import { defineCli, runCli, UsageError } from '../service/cli/support/parse-args.js';
 *
 * const CLI = defineCli({
 *   name: 'seeds',                          // prefix of error lines
 *   usage: 'npm run seeds --',              // how it is invoked; help and error lines show it
 *   summary: 'Writes a dataset folder.',
 *   options: {                              // flags every command takes (`help` is added)
 *     seed: { type: 'string', value: 'N', description: 'random seed', default: '1' },
 *   },
 *   commands: {                             // optional subcommands: the first positional picks one
 *     generate: { summary: 'the synthetic demo', options: { out: { type: 'string', value: 'DIR', description: '…', required: true } } },
 *   },
 *   positionals: undefined,                 // or { name: 'FILE…', description: '…', max?: n } to take positional arguments
 *   examples: ['npm run seeds -- generate --out seeds/demo'],
 *   notes: ['Environment: DATABASE_URL …'],
 * });
 *
 * // Pure, for unit tests: returns a ParsedCli or throws UsageError (bad input) / HelpRequested (--help).
 * const parsed = parseCli(CLI, ['generate', '--out=x']);
 * parsed.command;                 // 'generate' (undefined when the CLI has no commands)
 * parsed.string('out');           // 'x'  (string | undefined; the default when not given)
 * parsed.flag('promote');         // boolean (false when not given)
 * parsed.list('tag');             // string[] for `multiple: true` options
 * parsed.positionals;             // string[] (after the command)
 * numberOption(parsed, 'rounds', { min: 1, integer: true }); // number, or UsageError naming --rounds
 *
 * // In the entry point: parses process.argv, prints help (exit 0) or the one-line refusal (exit 2),
 * // then runs `main`. A UsageError thrown by `main` (e.g. "--seed must be a whole number") is also a
 * // one-line exit 2; any other error prints `<name> failed: <message>`, exit 1. `main` may return an exit
 * // code. Sets process.exitCode rather than calling process.exit, so pools and streams close first.
 * await runCli(CLI, async (args) => { … });
 *
 * // Or, where the script runs at the top level (benchmarks): exits 0 on --help, 2 on bad arguments.
 * const { rounds } = parseCliOrExit(CLI, (args) => ({ rounds: numberOption(args, 'rounds', { min: 1, fallback: 3 }) }));
 * ```
 * Option names are the long flag without `--` (`'export-split'`); `short` adds a one-letter alias. An
 * option `default` is applied when the flag is absent and shown in the help. `helpText(CLI)` gives the help.
 *
 * Moving a CLI written with `parseArgs({ options, strict: true })` onto this module: give each option a
 * `description` (and `value`, `default`, `required` where it has them), replace the hand-written usage
 * text and `--help` handling by `defineCli` + `runCli` (or `parseCliOrExit`), read values with
 * `args.string`/`args.flag`, and throw `UsageError` for bad values so they exit 2 in one line. A new script
 * `"x": "tsx path/cli.ts"` in package.json is then checked by test/process/cli-help.test.ts.
 */
import { parseArgs } from 'node:util';

/** One flag. */
export interface OptionSpec {
  type: 'string' | 'boolean';
  /** What the help says the flag does (one line). */
  description: string;
  /** Placeholder for the value in the help (`DIR`, `N`); string options only. Defaults to `VALUE`. */
  value?: string;
  /** One-letter alias (`-o`). */
  short?: string;
  /** Applied when the flag is absent; shown in the help. */
  default?: string | boolean;
  /** Refused when absent (string options). */
  required?: boolean;
  /** May be given more than once; read with {@link ParsedCli.list}. */
  multiple?: boolean;
}

/** Positional arguments a command takes (none unless given). */
export interface PositionalSpec {
  /** As shown in the usage line, e.g. `FILE…`. */
  name: string;
  description: string;
  /** At most this many (default: any number). */
  max?: number;
  /** At least this many (default 0). */
  min?: number;
}

/** A subcommand. */
export interface CommandSpec {
  summary: string;
  options?: Record<string, OptionSpec>;
  positionals?: PositionalSpec;
}

/** A command line. */
export interface CliSpec {
  /** Prefix of error lines (`seeds: …`). */
  name: string;
  /** How it is invoked, e.g. `npm run seeds --`. */
  usage: string;
  /** What it does (one or more sentences). */
  summary: string;
  /** Flags every command takes. `help` is added. */
  options?: Record<string, OptionSpec>;
  /** Subcommands; the first positional argument picks one. */
  commands?: Record<string, CommandSpec>;
  /** Positional arguments (CLIs without commands). */
  positionals?: PositionalSpec;
  examples?: readonly string[];
  /** Extra lines at the end of the help (environment variables, exit codes). */
  notes?: readonly string[];
}

/** Bad command-line input: one line naming the flag or argument; exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** `--help` was asked for; `text` is the help. Not an error for the user: exit 0. */
export class HelpRequested extends Error {
  constructor(readonly text: string) {
    super('help requested');
    this.name = 'HelpRequested';
  }
}

/** The parsed command line. */
export interface ParsedCli {
  /** The subcommand, when the CLI has commands. */
  readonly command: string | undefined;
  readonly positionals: readonly string[];
  /** Value of a string option (its default, or undefined, when absent). */
  string(name: string): string | undefined;
  /** Value of a boolean option (false when absent). */
  flag(name: string): boolean;
  /** Values of a `multiple` string option. */
  list(name: string): string[];
  /** Whether the flag was on the command line (not just defaulted). */
  given(name: string): boolean;
}

const HELP: OptionSpec = { type: 'boolean', short: 'h', description: 'print this help and exit' };

/** Checks the spec once (programmer errors throw at start-up, not at the user) and returns it. */
export function defineCli<S extends CliSpec>(spec: S): S {
  const seen = new Map<string, OptionSpec>(Object.entries(spec.options ?? {}));
  for (const [command, c] of Object.entries(spec.commands ?? {})) {
    for (const [name, o] of Object.entries(c.options ?? {})) {
      const other = seen.get(name);
      if (other && other.type !== o.type) throw new Error(`${spec.name}: option --${name} of ${command} has another type elsewhere`);
      seen.set(name, o);
    }
  }
  if (seen.has('help')) throw new Error(`${spec.name}: --help is built in`);
  if (spec.commands && spec.positionals) throw new Error(`${spec.name}: positionals belong to commands when there are commands`);
  return spec;
}

const flagOf = (name: string) => `--${name}`;

/** An option as `parseArgs` takes it (it refuses keys that are present but undefined). */
function nodeOption(
  o: OptionSpec,
  withDefault: boolean,
): { type: 'string' | 'boolean'; short?: string; multiple?: boolean; default?: string | boolean } {
  return {
    type: o.type,
    ...(o.short ? { short: o.short } : {}),
    ...(o.multiple ? { multiple: true } : {}),
    ...(withDefault && o.default !== undefined && !o.multiple ? { default: o.default } : {}),
  };
}

/** Every option the CLI knows (all commands), with `help`. */
function allOptions(spec: CliSpec): Record<string, OptionSpec> {
  const all: Record<string, OptionSpec> = { ...spec.options };
  for (const c of Object.values(spec.commands ?? {})) Object.assign(all, c.options);
  all.help = HELP;
  return all;
}

/** Parses `argv` (without node and script). Throws {@link UsageError} or {@link HelpRequested}. */
export function parseCli(spec: CliSpec, argv: readonly string[]): ParsedCli {
  const options = allOptions(spec);
  // A first, lenient pass yields the tokens in order, so the refusal names the first bad flag exactly.
  const { tokens } = parseArgs({
    args: [...argv],
    options: Object.fromEntries(Object.entries(options).map(([name, o]) => [name, nodeOption(o, false)])),
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  if (tokens.some((t) => t.kind === 'option' && t.name === 'help')) {
    throw new HelpRequested(helpText(spec));
  }

  const unknown = tokens.find((t) => t.kind === 'option' && !options[t.name]);
  if (unknown?.kind === 'option') throw new UsageError(`unknown option "${unknown.rawName}"`);

  const positionals = tokens.flatMap((t) => (t.kind === 'positional' ? [t.value] : []));
  const commandName = spec.commands ? positionals[0] : undefined;
  const command = commandName === undefined ? undefined : spec.commands?.[commandName];
  if (spec.commands) {
    const names = Object.keys(spec.commands).join(', ');
    if (commandName === undefined) throw new UsageError(`a command is required: ${names}`);
    if (!command) throw new UsageError(`unknown command "${commandName}" (commands: ${names})`);
  }
  const allowed: Record<string, OptionSpec> = { ...spec.options, ...command?.options, help: HELP };

  const count = new Map<string, number>();
  for (const t of tokens) {
    if (t.kind !== 'option') continue;
    const name = t.name;
    const o = options[name];
    if (!allowed[name]) throw new UsageError(`option ${flagOf(name)} is not an option of ${commandName}`);
    if (o.type === 'boolean' && t.inlineValue) throw new UsageError(`option ${flagOf(name)} takes no value`);
    if (o.type === 'string') {
      // parseArgs (lenient) takes the next argument as the value even when it is another flag.
      if (t.value === undefined || (!t.inlineValue && t.value.startsWith('-') && t.value !== '-')) {
        throw new UsageError(
          `option ${t.rawName} needs a value${/^-\d/.test(t.value ?? '') ? ` (a negative number is written ${t.rawName}=${t.value})` : ''}`,
        );
      }
    }
    count.set(name, (count.get(name) ?? 0) + 1);
    if (!o.multiple && (count.get(name) ?? 0) > 1) throw new UsageError(`option ${flagOf(name)} given twice`);
  }

  const rest = spec.commands ? positionals.slice(1) : positionals;
  const takes = command ? command.positionals : spec.positionals;
  if (!takes && rest.length > 0) throw new UsageError(`unexpected argument "${rest[0]}"`);
  if (takes?.max !== undefined && rest.length > takes.max)
    throw new UsageError(`unexpected argument "${rest[takes.max]}" (at most ${takes.max} ${takes.name})`);
  if (takes?.min !== undefined && rest.length < takes.min) throw new UsageError(`${takes.name} is required`);

  // The strict pass: the checks above mirror it, so it only throws on a gap between the two.
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: Object.fromEntries(Object.entries(allowed).map(([name, o]) => [name, nodeOption(o, true)])),
      strict: true,
      allowPositionals: true,
    });
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message.split('\n')[0] : String(err));
  }
  for (const [name, o] of Object.entries(allowed)) {
    if (o.required && parsed.values[name] === undefined)
      throw new UsageError(`option ${flagOf(name)}${o.value ? ` ${o.value}` : ''} is required`);
  }

  const values = parsed.values as Record<string, string | boolean | (string | boolean)[] | undefined>;
  const known = (name: string, type: OptionSpec['type']): void => {
    if (options[name]?.type !== type) throw new Error(`${spec.name}: no ${type} option --${name} in the spec`);
  };
  return {
    command: commandName,
    positionals: rest,
    string(name) {
      known(name, 'string');
      const v = values[name];
      return Array.isArray(v) ? String(v.at(-1)) : typeof v === 'string' ? v : undefined;
    },
    flag(name) {
      known(name, 'boolean');
      return values[name] === true;
    },
    list(name) {
      known(name, 'string');
      const v = values[name];
      return Array.isArray(v) ? v.map(String) : typeof v === 'string' ? [v] : [];
    },
    given: (name) => (count.get(name) ?? 0) > 0,
  };
}

function optionLines(options: Record<string, OptionSpec>): string[] {
  const rows = Object.entries(options).map(([name, o]) => {
    const head = `${o.short ? `-${o.short}, ` : '    '}--${name}${o.type === 'string' ? ` ${o.value ?? 'VALUE'}` : ''}`;
    const extra = [
      o.required ? 'required' : null,
      o.default !== undefined && o.default !== false ? `default: ${o.default}` : null,
      o.multiple ? 'repeatable' : null,
    ]
      .filter(Boolean)
      .join('; ');
    return [head, extra ? `${o.description} (${extra})` : o.description] as const;
  });
  const width = Math.max(0, ...rows.map(([head]) => head.length));
  return rows.map(([head, text]) => `  ${head.padEnd(width)}  ${text}`);
}

const synopsis = (name: string, options: Record<string, OptionSpec> | undefined, positionals: PositionalSpec | undefined): string =>
  [
    name,
    ...Object.entries(options ?? {}).map(([flag, o]) => {
      const text = `--${flag}${o.type === 'string' ? ` ${o.value ?? 'VALUE'}` : ''}`;
      return o.required ? text : `[${text}]`;
    }),
    positionals ? (positionals.min ? positionals.name : `[${positionals.name}]`) : '',
  ]
    .filter(Boolean)
    .join(' ');

/** The `--help` text: usage lines, commands, flags with defaults, examples, notes. */
export function helpText(spec: CliSpec): string {
  const lines: string[] = [];
  if (spec.commands) {
    lines.push('usage:');
    const required = Object.fromEntries(Object.entries(spec.options ?? {}).filter(([, o]) => o.required));
    const more = Object.values(spec.options ?? {}).some((o) => !o.required) ? ' [options]' : '';
    for (const [name, c] of Object.entries(spec.commands))
      lines.push(`  ${spec.usage} ${synopsis(name, { ...c.options, ...required }, c.positionals)}${more}`);
  } else {
    lines.push(`usage: ${spec.usage} ${synopsis('', spec.options, spec.positionals)}`.trimEnd());
  }
  lines.push('', spec.summary);
  if (spec.commands) {
    const width = Math.max(...Object.keys(spec.commands).map((n) => n.length));
    lines.push('', 'commands:', ...Object.entries(spec.commands).map(([n, c]) => `  ${n.padEnd(width)}  ${c.summary}`));
    for (const [n, c] of Object.entries(spec.commands)) {
      if (c.options && Object.keys(c.options).length > 0) lines.push('', `options of ${n}:`, ...optionLines(c.options));
    }
  }
  const takes = spec.positionals;
  if (takes) lines.push('', 'arguments:', `  ${takes.name}  ${takes.description}`);
  lines.push('', spec.commands ? 'options of every command:' : 'options:', ...optionLines({ ...spec.options, help: HELP }));
  if (spec.examples?.length) lines.push('', 'examples:', ...spec.examples.map((e) => `  ${e}`));
  if (spec.notes?.length) lines.push('', ...spec.notes);
  return `${lines.join('\n')}\n`;
}

/**
 * A string option read as a number: the default (or `fallback`) when absent, else a finite number within
 * `min`/`max` (whole when `integer`), or a {@link UsageError} naming the flag.
 */
export function numberOption(
  args: ParsedCli,
  name: string,
  rules: { min?: number; max?: number; integer?: boolean; fallback?: number } = {},
): number {
  const text = args.string(name);
  if (text === undefined) {
    if (rules.fallback === undefined) throw new UsageError(`option --${name} is required`);
    return rules.fallback;
  }
  const n = Number(text);
  const { min = -Infinity, max = Infinity, integer = false } = rules;
  if (text.trim() === '' || !Number.isFinite(n) || n < min || n > max || (integer && !Number.isInteger(n))) {
    const range = [min > -Infinity ? `≥ ${min}` : null, max < Infinity ? `≤ ${max}` : null].filter(Boolean).join(' and ');
    throw new UsageError(`--${name} must be a ${integer ? 'whole number' : 'number'}${range ? ` ${range}` : ''}, got "${text}"`);
  }
  return n;
}

/** The one line printed for a usage error. */
export const usageLine = (spec: CliSpec, message: string): string => `${spec.name}: ${message} (see ${spec.usage} --help)\n`;

/**
 * Parses `argv` and runs `main`: help → stdout, exit 0; bad arguments (here or a {@link UsageError} from
 * `main`) → one line on stderr, exit 2; another error → `<name> failed: <message>`, exit 1. `main`'s
 * return value, when a number, is the exit code. Sets `process.exitCode`; never calls `process.exit`.
 */
export async function runCli(
  spec: CliSpec,
  main: (args: ParsedCli) => Promise<number | undefined> | Promise<void> | number | undefined | void,
  argv: readonly string[] = process.argv.slice(2),
): Promise<void> {
  let args: ParsedCli;
  try {
    args = parseCli(spec, argv);
  } catch (err) {
    process.exitCode = reportParseError(spec, err);
    return;
  }
  try {
    const code = await main(args);
    process.exitCode = typeof code === 'number' ? code : 0;
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(usageLine(spec, err.message));
      process.exitCode = 2;
      return;
    }
    process.stderr.write(`${spec.name} failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  }
}

/**
 * For entry points that parse at the top and then run their own way (benchmarks): parses `argv` and reads
 * the values with `read` (which may throw {@link UsageError}, e.g. from {@link numberOption}); on `--help`
 * prints the help and exits 0, on bad arguments prints the one line and exits 2.
 */
export function parseCliOrExit<T>(spec: CliSpec, read: (args: ParsedCli) => T, argv: readonly string[] = process.argv.slice(2)): T {
  try {
    return read(parseCli(spec, argv));
  } catch (err) {
    process.exit(reportParseError(spec, err));
  }
}

function reportParseError(spec: CliSpec, err: unknown): number {
  if (err instanceof HelpRequested) {
    process.stdout.write(err.text);
    return 0;
  }
  if (err instanceof UsageError) {
    process.stderr.write(usageLine(spec, err.message));
    return 2;
  }
  throw err;
}

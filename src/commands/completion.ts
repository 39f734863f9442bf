// `webhook-doctor completion bash|zsh|fish`: print a completion script made from the command table as it is
// at run time (every command and flag in cli.ts, the profile and scheme registries), so it never goes stale.
import type { Argument, Command, Option } from 'commander';
import { WdError } from '../errors.js';
import type { CommandInput } from '../options.js';
import { profileNames } from '../profiles/index.js';
import { SCHEME_NAMES } from '../signatures/index.js';
import { bashScript, fishScript, zshScript, type CompletionArg, type CompletionNode, type ValueKind } from '../ui/completion.js';
import { writeStdout } from '../ui/output.js';

const shells = { bash: bashScript, zsh: zshScript, fish: fishScript } as const;

/** What an option's value is: a registry name, a path (its placeholder says <file> or <dir>), or free text. */
function valueKind(o: Option): ValueKind {
  const name = (o.long ?? '').replace(/^--/, '');
  if (name === 'profile') return 'profile';
  if (name === 'scheme') return 'scheme';
  const placeholder = /<([^>]*)>/.exec(o.flags)?.[1] ?? '';
  if (/\bdir\b/.test(placeholder)) return 'dir';
  if (/\bfile\b/.test(placeholder)) return 'file';
  return 'text';
}

/** What a positional argument takes, by its name in cli.ts: [show] [name] of profiles, <shell>, [dir], <files...>. */
function argOf(command: Command, a: Argument): CompletionArg {
  const name = a.name();
  const variadic = a.variadic ? { variadic: true } : {};
  if (command.name() === 'profiles' && name === 'show') return { value: 'words', words: ['show'] };
  if (command.name() === 'profiles' && name === 'name') return { value: 'profile' };
  if (name === 'shell') return { value: 'words', words: Object.keys(shells) };
  if (name === 'dir') return { value: 'dir', ...variadic };
  if (/^(files?|capture|a|b)$/.test(name)) return { value: 'file', ...variadic };
  return { value: 'text', ...variadic };
}

function optionOf(o: Option): CompletionNode['options'][number] {
  const flags = [o.short, o.long].filter((f): f is string => Boolean(f));
  return { flags, description: o.description, ...(o.required || o.optional ? { value: valueKind(o) } : {}) };
}

/** The command tree as commander holds it (hidden commands and help left out). */
export function completionTree(command: Command): CompletionNode {
  return {
    name: command.name(),
    description: command.description(),
    options: command.options.filter((o) => !o.hidden).map(optionOf),
    subcommands: command.commands.filter((c) => !(c as Command & { _hidden?: boolean })._hidden && c.name() !== 'help').map(completionTree),
    ...(command.registeredArguments.length ? { args: command.registeredArguments.map((a) => argOf(command, a)) } : {}),
  };
}

export async function run(input: CommandInput): Promise<number> {
  const shell = String(input.args[0] ?? '');
  const make = shells[shell as keyof typeof shells];
  if (!make) throw new WdError('USAGE', shell ? `no completion for "${shell}": bash, zsh or fish` : 'completion needs a shell: bash, zsh or fish', { hint: 'e.g. source <(webhook-doctor completion bash)' });
  let root = input.command as Command | undefined;
  while (root?.parent) root = root.parent;
  if (!root) throw new WdError('USAGE', 'completion runs from the command line', { hint: 'webhook-doctor completion bash' });
  writeStdout(make({ program: root.name(), root: completionTree(root), profiles: profileNames, schemes: SCHEME_NAMES }));
  return 0;
}

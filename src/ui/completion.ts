// Shell completion scripts (bash, zsh, fish) for a tree of commands and options. The tree is walked from the
// commander program at run time (commands/completion.ts), so a command added to cli.ts appears without an edit here.

export type ValueKind = 'profile' | 'scheme' | 'file' | 'dir' | 'text';

export interface CompletionOption {
  /** Every spelling: ['-d', '--data']. */
  flags: string[];
  description: string;
  /** Absent for a switch; what to offer for its value otherwise. */
  value?: ValueKind;
}

/** A positional argument: what to offer for it (a registry, paths, or a fixed list of words). */
export interface CompletionArg {
  value: ValueKind | 'words';
  words?: string[];
  /** The last argument takes any number of words (ids...). */
  variadic?: boolean;
}

export interface CompletionNode {
  name: string;
  description: string;
  options: CompletionOption[];
  subcommands: CompletionNode[];
  /** Its positional arguments in order (only leaf commands' are offered). */
  args?: CompletionArg[];
}

export interface CompletionData {
  program: string;
  root: CompletionNode;
  profiles: readonly string[];
  schemes: readonly string[];
}

const ident = (program: string) => program.replace(/[^A-Za-z0-9]/g, '_');
const words = (list: readonly string[]) => list.join(' ');
/** Every command path below the root with its node: [['send'], node], [['queue', 'add'], node] … */
function paths(node: CompletionNode, prefix: string[] = []): Array<[string[], CompletionNode]> {
  return [[prefix, node], ...node.subcommands.flatMap((c) => paths(c, [...prefix, c.name]))];
}
const candidates = (n: CompletionNode) => [...n.subcommands.map((c) => c.name), ...n.options.flatMap((o) => o.flags), '--help'];
const shq = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
/** Every flag that takes a value, anywhere (skipped with its value when finding the command path). */
const valuedFlags = (root: CompletionNode) => [...new Set(paths(root).flatMap(([, n]) => n.options.filter((o) => o.value).flatMap((o) => o.flags)))];
/** A node's value-taking flags grouped by what their value is. */
function byKind(n: CompletionNode): Array<[ValueKind, string[]]> {
  const groups = new Map<ValueKind, string[]>();
  for (const o of n.options) if (o.value) groups.set(o.value, [...(groups.get(o.value) ?? []), ...o.flags]);
  return [...groups];
}

/** The positional arguments to offer for, by index: leaf commands only, free text left to the shell's default. */
function offeredArgs(n: CompletionNode): Array<[index: number, arg: CompletionArg]> {
  if (n.subcommands.length || !n.args) return [];
  return n.args.map((a, i) => [i, a] as [number, CompletionArg]).filter(([, a]) => a.value !== 'text');
}
/** A shell case label for an argument's index: the last, variadic one takes every index from there on. */
const argLabel = (n: CompletionNode, i: number, a: CompletionArg, glob: string) => (a.variadic && i === n.args!.length - 1 ? glob : String(i));

export function bashScript(d: CompletionData): string {
  const fn = `_${ident(d.program)}_complete`;
  const reply: Record<ValueKind, string> = {
    profile: `COMPREPLY=($(compgen -W ${shq(words(d.profiles))} -- "$cur"))`,
    scheme: `COMPREPLY=($(compgen -W ${shq(words(d.schemes))} -- "$cur"))`,
    file: 'COMPREPLY=($(compgen -f -- "$cur"))',
    dir: 'COMPREPLY=($(compgen -d -- "$cur"))',
    text: 'COMPREPLY=()',
  };
  const lines = [
    `# bash completion for ${d.program} (made by \`${d.program} completion bash\`; regenerate after an upgrade)`,
    `${fn}() {`,
    '  local cur="${COMP_WORDS[COMP_CWORD]}" prev="${COMP_WORDS[COMP_CWORD-1]}" path="" next w i npos=0',
    '  # The command path so far (queue add …), skipping options and the values they take; npos counts the positionals after it.',
    '  for ((i = 1; i < COMP_CWORD; i++)); do',
    '    w="${COMP_WORDS[i]}"',
    '    case "$w" in',
    `      ${valuedFlags(d.root).join('|') || '--never'}) ((i++)); continue ;;`,
    '      -*) continue ;;',
    '    esac',
    '    if [[ -z "$path" ]]; then next="$w"; else next="$path $w"; fi',
    '    case "$next" in',
    `      ${paths(d.root).filter(([p]) => p.length).map(([p]) => shq(p.join(' '))).join('|')}) path="$next" ;;`,
    '      *) ((npos++)) ;;',
    '    esac',
    '  done',
    '  case "$path" in',
  ];
  for (const [p, n] of paths(d.root)) {
    lines.push(`    ${shq(p.join(' '))})`);
    const kinds = byKind(n);
    if (kinds.length) {
      lines.push('      case "$prev" in');
      for (const [kind, flags] of kinds) lines.push(`        ${flags.join('|')}) ${reply[kind]}; return ;;`);
      lines.push('      esac');
    }
    const args = offeredArgs(n);
    if (args.length) {
      lines.push('      if [[ "$cur" != -* ]]; then', '        case $npos in');
      for (const [i, a] of args) lines.push(`          ${argLabel(n, i, a, '*')}) ${a.value === 'words' ? `COMPREPLY=($(compgen -W ${shq(words(a.words ?? []))} -- "$cur"))` : reply[a.value]}; return ;;`);
      lines.push('        esac', '      fi');
    }
    lines.push(`      COMPREPLY=($(compgen -W ${shq(words(candidates(n)))} -- "$cur")) ;;`);
  }
  lines.push(
    '  esac',
    '  # A positional argument (a URL, a spool folder, a file): paths, when no command or flag matched.',
    '  if [[ ${#COMPREPLY[@]} -eq 0 && "$cur" != -* ]]; then COMPREPLY=($(compgen -f -- "$cur")); fi',
    '}',
    `complete -o default -F ${fn} ${d.program}`,
  );
  return lines.join('\n') + '\n';
}

export function zshScript(d: CompletionData): string {
  const fn = `_${ident(d.program)}`;
  const offer: Record<ValueKind, string> = {
    profile: `compadd -- ${words(d.profiles)}`,
    scheme: `compadd -- ${words(d.schemes)}`,
    file: '_files',
    dir: '_files -/',
    text: ':',
  };
  const lines = [
    `#compdef ${d.program}`,
    `# zsh completion for ${d.program} (made by \`${d.program} completion zsh\`; regenerate after an upgrade)`,
    `${fn}() {`,
    '  local cur=${words[CURRENT]} prev=${words[CURRENT-1]} cmdpath="" next w i npos=0',
    '  for ((i = 2; i < CURRENT; i++)); do',
    '    w=${words[i]}',
    '    case $w in',
    `      ${valuedFlags(d.root).join('|') || '--never'}) ((i++)); continue ;;`,
    '      -*) continue ;;',
    '    esac',
    '    if [[ -z $cmdpath ]]; then next=$w; else next="$cmdpath $w"; fi',
    '    case $next in',
    `      ${paths(d.root).filter(([p]) => p.length).map(([p]) => shq(p.join(' '))).join('|')}) cmdpath=$next ;;`,
    '      *) ((npos++)) ;;',
    '    esac',
    '  done',
    '  case $cmdpath in',
  ];
  for (const [p, n] of paths(d.root)) {
    lines.push(`    ${shq(p.join(' '))})`);
    const kinds = byKind(n);
    if (kinds.length) {
      lines.push('      case $prev in');
      for (const [kind, flags] of kinds) lines.push(`        ${flags.join('|')}) ${offer[kind]}; return ;;`);
      lines.push('      esac');
    }
    lines.push(`      if [[ $cur == -* ]]; then compadd -- ${words([...n.options.flatMap((o) => o.flags), '--help'])}; return; fi`);
    const args = offeredArgs(n);
    if (args.length) {
      lines.push('      case $npos in');
      for (const [i, a] of args) lines.push(`        ${argLabel(n, i, a, '*')}) ${a.value === 'words' ? `compadd -- ${words(a.words ?? [])}` : offer[a.value]}; return ;;`);
      lines.push('      esac');
    }
    if (n.subcommands.length) lines.push(`      compadd -- ${words(n.subcommands.map((c) => c.name))}; return ;;`);
    else lines.push('      _files; return ;;');
  }
  lines.push('  esac', '}', `compdef ${fn} ${d.program}`);
  return lines.join('\n') + '\n';
}

export function fishScript(d: CompletionData): string {
  const p = d.program;
  const npos = `__${ident(p)}_npos`;
  const lines = [
    `# fish completion for ${p} (made by \`${p} completion fish\`; regenerate after an upgrade)`,
    `complete -c ${p} -e`,
    '# How many words typed so far are not options (the command path, then positionals), the values of options skipped.',
    `function ${npos}`,
    '  set -l n 0',
    '  set -l skip 0',
    '  for t in (commandline -opc)[2..-1]',
    '    if test $skip = 1; set skip 0; continue; end',
    '    switch $t',
    `      case ${valuedFlags(d.root).join(' ') || '--never'}`,
    '        set skip 1',
    "      case '-*'",
    "      case '*'",
    '        set n (math $n + 1)',
    '    end',
    '  end',
    '  echo $n',
    'end',
  ];
  const argValues: Record<ValueKind, string> = {
    profile: `-f -a ${shq(words(d.profiles))}`,
    scheme: `-f -a ${shq(words(d.schemes))}`,
    file: '-F',
    dir: `-f -a '(__fish_complete_directories)'`,
    text: '',
  };
  const fishDesc = (s: string) => shq(s.split('\n')[0]!.slice(0, 80));
  const valueArgs: Record<ValueKind, string> = {
    profile: `-x -a ${shq(words(d.profiles))}`,
    scheme: `-x -a ${shq(words(d.schemes))}`,
    file: '-r -F',
    dir: `-x -a '(__fish_complete_directories)'`,
    text: '-x',
  };
  for (const [path, node] of paths(d.root)) {
    // Where this node's words apply: after exactly this path of commands.
    const seen = path.map((w) => `__fish_seen_subcommand_from ${w}`);
    const below = node.subcommands.map((c) => c.name);
    const here = path.length === 0
      ? `__fish_use_subcommand`
      : [...seen, ...(below.length ? [`not __fish_seen_subcommand_from ${words(below)}`] : [])].join('; and ');
    for (const c of node.subcommands) lines.push(`complete -c ${p} -f -n ${shq(here)} -a ${c.name} -d ${fishDesc(c.description)}`);
    for (const [i, a] of offeredArgs(node)) {
      const at = `test (${npos}) ${a.variadic && i === node.args!.length - 1 ? '-ge' : '-eq'} ${path.length + i}`;
      const offer = a.value === 'words' ? `-f -a ${shq(words(a.words ?? []))}` : argValues[a.value];
      lines.push(`complete -c ${p} -n ${shq([...seen, at].join('; and '))} ${offer}`);
    }
    if (path.length === 0) continue;
    const optionsHere = seen.join('; and ');
    for (const o of node.options) {
      const spell = o.flags.map((f) => (f.startsWith('--') ? `-l ${f.slice(2)}` : `-s ${f.slice(1)}`)).join(' ');
      lines.push(`complete -c ${p} -n ${shq(optionsHere)} ${spell}${o.value ? ' ' + valueArgs[o.value] : ''} -d ${fishDesc(o.description)}`);
    }
  }
  return lines.join('\n') + '\n';
}

// The files the repository's Markdown documents point at, and which of them the repository does
// not hold (issue 17: the docs cited notes kept outside the repository). Three kinds of
// reference are read:
//   - link targets, `[text](path#anchor)`: resolved as GitHub does, against the document's
//     folder, and the anchor must be a heading of the target;
//   - code spans that name a file or folder (`packages/…`, `scenarios/x.yaml`, `src/run/`,
//     `known-findings.test.ts`): a path with a file extension or a trailing slash, or one that
//     starts at a top-level folder. Prose often names a file by its tail within the package or
//     folder it is about, so such a path resolves when it is the tail of a tracked path;
//   - any `name.md` in the prose.
// Not references into the repository, so not checked: URLs; absolute paths (Linux's /proc and
// /sys, HTTP paths); upstream sources (Go files, and Terway's and Kubernetes' pkg/, cmd/ and
// plugin/ trees); what a run writes (anything under reports/, which is git-ignored, and the
// names in `notRepositoryFiles`); and placeholders (`<name>`, upper-case words such as RUNDIR).

/** A reference that does not resolve: where it is, what it says, and why it fails. */
export interface BrokenReference {
  readonly file: string;
  readonly line: number;
  readonly reference: string;
  readonly why: string;
}

/** The repository as the check sees it: tracked files, and the headings' anchors of a document. */
export interface Repository {
  /** Paths relative to the root, with '/' separators. */
  readonly files: readonly string[];
  /** The text of a tracked file. */
  read(path: string): string;
}

/**
 * Names the docs give to what is not the repository's: files a run or a command writes, the
 * build's output folder, the file docs/serve.md has the reader save, a path of the instance
 * metadata service.
 */
const notRepositoryFiles = new Set(['report.json', 'report.md', 'report.html', 'run.json',
  'sweep.json', 'sweep.html', 'rehearsal.json', 'rehearsal.txt', 'terway-sim.kubeconfig',
  'dist/', 'try.mjs',
  'network/interfaces/macs/']);

const topLevel = /^(packages|scenarios|docs|tools|bench|reports|\.ci)\//;
const extension = /\.(md|ts|js|cjs|mjs|json|ya?ml|sh|txt|html)$/;
const upstream = /(\.go$|^(pkg|cmd|plugin)\/)/;
const placeholder = /<[^>]*>|\b[A-Z]{3,}\b|\.\.\./;

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces to hyphens. */
export function headingAnchor(heading: string): string {
  return heading.trim().toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-');
}

function anchorsOf(markdown: string): Set<string> {
  return new Set(markdown.split('\n').filter((line) => /^#{1,6}\s/.test(line))
    .map((line) => headingAnchor(line.replace(/^#+\s*/, ''))));
}

/** `a/{b,c}/d` → `a/b/d`, `a/c/d` (one level of braces, as the docs use them). */
function expandBraces(path: string): string[] {
  const match = /\{([^{}]*)\}/.exec(path);
  if (match === null) return [path];
  return match[1]!.split(',').flatMap((choice) =>
    expandBraces(path.slice(0, match.index) + choice + path.slice(match.index + match[0].length)));
}

function pattern(path: string): RegExp {
  const escaped = path.replace(/\/$/, '').replace(/[.+?^$()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '[^/]*');
  return new RegExp(`(^|/)${escaped}(/|$)`);
}

/** Whether `path` (perhaps a tail, a folder or a glob) names something tracked. */
function tracked(repository: Repository, path: string): boolean {
  const wanted = pattern(path);
  return repository.files.some((file) => wanted.test(file));
}

/** Normalizes `docs/../README.md` and `./x` to a path from the root, or undefined if it leaves. */
function fromRoot(documentDir: string, target: string): string | undefined {
  const parts: string[] = documentDir === '' ? [] : documentDir.split('/');
  for (const part of target.split('/')) {
    if (part === '..') {
      if (parts.pop() === undefined) return undefined;
    } else if (part !== '.' && part !== '') parts.push(part);
  }
  return parts.join('/');
}

/** Whether a code span names a file or folder of the repository (see the header). */
function namesRepositoryPath(span: string, packages: readonly string[]): boolean {
  if (/\s|:\/\/|^[/~@$-]/.test(span) || placeholder.test(span) || upstream.test(span)) return false;
  if (notRepositoryFiles.has(span) || span.startsWith('reports/') && span !== 'reports/README.md')
    return false;
  const firstSegment = span.split('/')[0]!;
  return extension.test(span) || span.endsWith('/') || topLevel.test(span)
    || firstSegment === 'src' && span.includes('/')
    || packages.includes(firstSegment) && span.includes('/');
}

function checkLink(repository: Repository, document: string, target: string): string | undefined {
  const [path = '', anchor] = target.split('#');
  const resolved = path === '' ? document
    : fromRoot(document.split('/').slice(0, -1).join('/'), path);
  if (resolved === undefined) return 'the link leaves the repository';
  const exists = repository.files.some((file) => file === resolved
    || file.startsWith(`${resolved}/`));
  if (!exists) return `no file ${resolved} in the repository`;
  if (anchor === undefined || !resolved.endsWith('.md')) return undefined;
  return anchorsOf(repository.read(resolved)).has(anchor) ? undefined
    : `${resolved} has no heading with the anchor #${anchor}`;
}

/** The references of one line, each with the reason it fails (undefined when it resolves). */
function lineReferences(repository: Repository, document: string, text: string,
  packages: readonly string[]): { reference: string; why: string | undefined }[] {
  const found: { reference: string; why: string | undefined }[] = [];
  const links = [...text.matchAll(/\]\(([^)\s]+)\)/g)].map((match) => match[1]!);
  for (const target of links.filter((link) => !/^[a-z]+:/.test(link))) {
    found.push({ reference: target, why: checkLink(repository, document, target) });
  }
  const spans = [...text.matchAll(/`([^`]+)`/g)].map((match) => match[1]!.trim());
  for (const span of spans.filter((code) => namesRepositoryPath(code, packages))) {
    const missing = expandBraces(span).filter((path) => !tracked(repository, path));
    found.push({ reference: span, why: missing.length === 0 ? undefined
      : `nothing tracked in the repository is or ends with ${missing.join(', ')}` });
  }
  const prose = text.replace(/`[^`]*`/g, '').replace(/\]\([^)]*\)/g, ']');
  for (const [name] of prose.matchAll(/[\w./-]*\w\.md\b/g)) {
    if (/:\/\//.test(name) || notRepositoryFiles.has(name)) continue;
    found.push({ reference: name, why: tracked(repository, name) ? undefined
      : `no ${name} in the repository` });
  }
  return found;
}

/** Every reference in `document` (a tracked Markdown file) that does not resolve. */
export function brokenReferences(repository: Repository, document: string): BrokenReference[] {
  const packages = [...new Set(repository.files.filter((file) => file.startsWith('packages/'))
    .map((file) => file.split('/')[1]!))];
  let fenced = false;
  return repository.read(document).split('\n').flatMap((text, index) => {
    if (/^\s*(```|~~~)/.test(text)) fenced = !fenced;
    if (fenced || /^\s*(```|~~~)/.test(text)) return [];
    return lineReferences(repository, document, text, packages)
      .filter((found) => found.why !== undefined)
      .map(({ reference, why }) => ({ file: document, line: index + 1, reference, why: why! }));
  });
}

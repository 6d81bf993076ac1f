/**
 * The first step of `npm test`: checks the system tools the tests use — Debian's Chromium for the
 * dashboard test, NumPy and PyTorch for the export conformance tests, Redis and PostgreSQL for the
 * integration tests — and gets what is missing when it can (see plan.ts): starts installed services
 * with scripts/ensure-services.sh, installs Debian packages as root with apt-get. Otherwise it stops
 * with one line naming what to install. Silent when everything is there.
 *
 *   ACTSEARCH_TEST_INSTALL=never     only check; never run apt-get
 *   ACTSEARCH_TEST_INSTALL=dry-run   show what would be installed (apt-get -s), change nothing
 *   CHROMIUM_PATH                    the Chromium the dashboard test drives (default /usr/bin/chromium)
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { connect } from 'node:net';
import { fileURLToPath } from 'node:url';
import { PYTHON_CANDIDATES } from '../unit/expr/export-fixtures/python.ts';
import { missingMessage, parseInstallMode, planPrerequisites, type Context, type Requirement } from './plan.ts';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const DATABASE_URL = process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/test';

interface Probed extends Requirement {
  readonly present: () => boolean | Promise<boolean>;
}

function pythonCanImport(module: string): boolean {
  return PYTHON_CANDIDATES.some(
    (python) => spawnSync(python, ['-c', `import ${module}`], { stdio: 'ignore', timeout: 60_000 }).status === 0,
  );
}

function answers(url: string, defaultPort: number): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect({ host: hostname || '127.0.0.1', port: Number(port || defaultPort), timeout: 2_000 });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
    socket.once('timeout', () => done(false));
  });
}

const REQUIREMENTS: readonly Probed[] = [
  { what: `Chromium (${CHROMIUM})`, debianPackage: 'chromium', hint: 'or set CHROMIUM_PATH', present: () => existsSync(CHROMIUM) },
  { what: 'NumPy for python3', debianPackage: 'python3-numpy', hint: 'serves /usr/bin/python3', present: () => pythonCanImport('numpy') },
  {
    what: 'PyTorch (CPU) for python3',
    debianPackage: 'python3-torch',
    hint: 'serves /usr/bin/python3',
    present: () => pythonCanImport('torch'),
  },
  { what: `Redis at ${REDIS_URL}`, hint: 'install and start redis-server, or set REDIS_URL', present: () => answers(REDIS_URL, 6379) },
  {
    what: `PostgreSQL at ${DATABASE_URL}`,
    hint: 'install and start PostgreSQL with a trusted database `test`, or set DATABASE_URL',
    present: () => answers(DATABASE_URL, 5432),
  },
];

async function missingOf(requirements: readonly Probed[]): Promise<Probed[]> {
  const missing: Probed[] = [];
  for (const requirement of requirements) if (!(await requirement.present())) missing.push(requirement);
  return missing;
}

function run(command: string, args: readonly string[]): void {
  const result = spawnSync(command, args, {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${result.status ?? result.signal})`);
}

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

async function main(): Promise<void> {
  const context: Context = {
    isRoot: process.getuid?.() === 0,
    hasAptGet: existsSync('/usr/bin/apt-get'),
    mode: parseInstallMode(process.env.ACTSEARCH_TEST_INSTALL),
  };
  let missing = await missingOf(REQUIREMENTS);
  // Services installed but stopped: start them (the script never installs anything).
  if (missing.some((r) => r.debianPackage === undefined) && context.mode !== 'dry-run') {
    spawnSync('bash', [`${REPO}scripts/ensure-services.sh`], { stdio: 'ignore' });
    missing = await missingOf(missing);
  }
  const plan = planPrerequisites(missing, context);
  if (plan.action === 'none') return;
  if (plan.action === 'fail') fail(plan.message);
  const packages = plan.packages.join(' ');
  if (plan.simulate) {
    process.stdout.write(`npm test would install: ${packages} (apt-get update && apt-get install -y ${packages}); simulating:\n`);
    run('apt-get', ['-s', 'install', '-y', ...plan.packages]);
    const services = missing.filter((r) => r.debianPackage === undefined);
    if (services.length > 0) fail(missingMessage(services, context));
    return;
  }
  process.stdout.write(
    `npm test: installing ${packages} with apt-get, for the tests that use them (ACTSEARCH_TEST_INSTALL=never to refuse)\n`,
  );
  run('apt-get', ['update', '-qq']);
  run('apt-get', ['install', '-y', '-qq', ...plan.packages]);
  const still = await missingOf(missing);
  if (still.length > 0) fail(missingMessage(still, { ...context, mode: 'never' }));
}

await main();

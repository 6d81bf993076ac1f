import { describe, expect, it } from 'vitest';
import { parseInstallMode, planPrerequisites, type Context, type Requirement } from '../../prerequisites/plan.ts';

const chromium: Requirement = { what: 'Chromium (/usr/bin/chromium)', debianPackage: 'chromium', hint: 'or set CHROMIUM_PATH' };
const torch: Requirement = { what: 'PyTorch (CPU) for python3', debianPackage: 'python3-torch', hint: 'serves /usr/bin/python3' };
const redis: Requirement = { what: 'Redis at redis://127.0.0.1:6379', hint: 'install and start redis-server, or set REDIS_URL' };
const root: Context = { isRoot: true, hasAptGet: true, mode: 'auto' };

describe('what npm test does about missing system tools', () => {
  it('does nothing when nothing is missing', () => {
    expect(planPrerequisites([], root)).toEqual({ action: 'none' });
    expect(planPrerequisites([], { isRoot: false, hasAptGet: false, mode: 'never' })).toEqual({ action: 'none' });
  });

  it('installs every missing Debian package at once as root with apt-get', () => {
    expect(planPrerequisites([chromium, torch, redis], root)).toEqual({
      action: 'install',
      packages: ['chromium', 'python3-torch'],
      simulate: false,
    });
    expect(planPrerequisites([chromium], { ...root, mode: 'dry-run' })).toEqual({
      action: 'install',
      packages: ['chromium'],
      simulate: true,
    });
  });

  it('without root, fails in one line that names each missing tool and the command that installs them', () => {
    const plan = planPrerequisites([chromium, torch], { ...root, isRoot: false });
    expect(plan).toEqual({
      action: 'fail',
      message:
        'npm test needs Chromium (/usr/bin/chromium): apt-get install chromium (or set CHROMIUM_PATH); PyTorch (CPU) for python3: apt-get install python3-torch (serves /usr/bin/python3) — run npm test as root to let it install them, or: sudo apt-get install chromium python3-torch',
    });
    expect(plan.action === 'fail' && plan.message.includes('\n')).toBe(false);
  });

  it('never installs when told so, nor without apt-get', () => {
    expect(planPrerequisites([chromium], { ...root, mode: 'never' })).toMatchObject({
      action: 'fail',
      message: expect.stringContaining('ACTSEARCH_TEST_INSTALL=never: install them yourself'),
    });
    expect(planPrerequisites([chromium], { ...root, hasAptGet: false })).toMatchObject({
      action: 'fail',
      message: expect.stringContaining('no apt-get here'),
    });
  });

  it('names a service that does not answer with what to do, since apt-get is not how it is fixed here', () => {
    expect(planPrerequisites([redis], root)).toEqual({
      action: 'fail',
      message: 'npm test needs Redis at redis://127.0.0.1:6379: install and start redis-server, or set REDIS_URL',
    });
  });

  it('reads ACTSEARCH_TEST_INSTALL', () => {
    expect(parseInstallMode(undefined)).toBe('auto');
    expect(parseInstallMode(' never ')).toBe('never');
    expect(() => parseInstallMode('yes')).toThrow(/auto, never or dry-run/);
  });
});

import { expect } from 'chai';
import {
  CAPABILITY_TOKENS,
  type Deployment,
  type KnhkPlugin,
  type PluginDefinition,
  type Tenancy,
  createFramework,
  definePlugin,
  inject,
  injectable,
  isKnhkError,
} from '../src/index.js';
import { silentLogger } from './fixtures/reduce-plugins.js';

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A tenancy provider: every customer belongs to `<prefix>-<customer>`. */
function tenancyPlugin(name: string, events: string[], extra: Partial<PluginDefinition> = {}): KnhkPlugin {
  return definePlugin({
    name,
    version: '1.0.0',
    providers: { tenancy: { useValue: { tenantOf: async (c: string) => `${name}-${c}` } satisfies Tenancy } },
    async init() {
      await delay(30);
      events.push(`init ${name}`);
    },
    async dispose() {
      await delay(30);
      events.push(`dispose ${name}`);
    },
    ...extra,
  });
}

@injectable()
class TenantDeployment implements Deployment {
  constructor(@inject(CAPABILITY_TOKENS.tenancy) private readonly tenancy: Tenancy) {}
  async deploy(target: string, version: string): Promise<{ id: string; state: string }> {
    return { id: `${await this.tenancy.tenantOf(target)}@${version}`, state: 'deployed' };
  }
}

/** Provides deployment over the tenancy it requires (injected into its provider class). */
function deploymentPlugin(name: string, events: string[], extra: Partial<PluginDefinition> = {}): KnhkPlugin {
  return definePlugin({
    name,
    version: '1.0.0',
    requires: ['tenancy'],
    providers: { deployment: { useClass: TenantDeployment } },
    async init(context) {
      const tenancy = context.dependencies.tenancy;
      events.push(`init ${name} (tenancy: ${tenancy === undefined ? 'none' : await tenancy.tenantOf('x')})`);
    },
    dispose() {
      events.push(`dispose ${name}`);
    },
    ...extra,
  });
}

async function framework(plugins: KnhkPlugin[]) {
  return createFramework({ discover: false, logger: silentLogger, plugins });
}

function statusOf(fw: Awaited<ReturnType<typeof framework>>, name: string) {
  const report = fw.plugins().find((p) => p.name === name);
  return { status: report?.status, code: report?.error?.code, reason: report?.reason ?? '' };
}

describe('plugin requirements (manifest requires)', () => {
  it('starts a provider before the plugin that requires it, whatever the order given, and hands it over', async () => {
    const events: string[] = [];
    const fw = await framework([deploymentPlugin('deployer', events), tenancyPlugin('tenants', events)]);
    expect(events).to.deep.equal(['init tenants', 'init deployer (tenancy: tenants-x)']);
    const report = fw.plugins().find((p) => p.name === 'deployer');
    expect(report?.requires).to.deep.equal([{ capability: 'tenancy', optional: false }]);
    expect(report?.dependencies).to.deep.equal({ tenancy: 'tenants' });
    expect(await fw.get('deployment').deploy('acme', '2.0.0')).to.deep.equal({
      id: 'tenants-acme@2.0.0',
      state: 'deployed',
    });
    await fw.dispose();
  });

  it('disposes in reverse order: the dependant first, then its provider', async () => {
    const events: string[] = [];
    const fw = await framework([tenancyPlugin('tenants', events), deploymentPlugin('deployer', events)]);
    events.length = 0;
    await fw.dispose();
    expect(events).to.deep.equal(['dispose deployer', 'dispose tenants']);
  });

  it('a requirement nobody provides is KNHK_E_PLUGIN_REQUIREMENT_MISSING naming the capability and its package', async () => {
    const events: string[] = [];
    const needsSignature = tenancyPlugin('signed-tenants', events, { requires: ['signature'] });
    const fw = await framework([needsSignature, deploymentPlugin('deployer', events)]);
    const missing = statusOf(fw, 'signed-tenants');
    expect(missing.status).to.equal('failed');
    expect(missing.code).to.equal('KNHK_E_PLUGIN_REQUIREMENT_MISSING');
    expect(missing.reason).to.include('signature').and.include('@knhk/plugin-crypto');
    // Its dependant cannot start either: its only tenancy provider did not.
    expect(statusOf(fw, 'deployer').code).to.equal('KNHK_E_PLUGIN_REQUIREMENT_FAILED');
    expect(events).to.deep.equal([]);
    await fw.dispose();
  });

  it('a cycle is KNHK_E_PLUGIN_REQUIREMENT_CYCLE naming the chain, and the other plugins start', async () => {
    const events: string[] = [];
    const fw = await framework([
      tenancyPlugin('alpha', events, { requires: ['deployment'] }),
      deploymentPlugin('beta', events),
      definePlugin({
        name: 'unrelated',
        version: '1.0.0',
        providers: {
          licensing: {
            useValue: { validate: () => ({ state: 'Invalid', reason: 'none' }), isFeatureAllowed: () => false },
          },
        },
        init() {
          events.push('init unrelated');
        },
      }),
    ]);
    for (const name of ['alpha', 'beta']) {
      const s = statusOf(fw, name);
      expect(s.code, name).to.equal('KNHK_E_PLUGIN_REQUIREMENT_CYCLE');
    }
    expect(statusOf(fw, 'alpha').reason).to.include('alpha -> beta -> alpha');
    expect(statusOf(fw, 'beta').reason).to.include('beta -> alpha -> beta');
    expect(statusOf(fw, 'unrelated').status).to.equal('ready');
    expect(events).to.deep.equal(['init unrelated']);
    await fw.dispose();
  });

  it('a plugin whose dependency fails init is KNHK_E_PLUGIN_REQUIREMENT_FAILED quoting the reason', async () => {
    const events: string[] = [];
    const broken = tenancyPlugin('tenants', events, {
      init() {
        throw new Error('tenant directory unreachable');
      },
    });
    const fw = await framework([deploymentPlugin('deployer', events), broken]);
    expect(statusOf(fw, 'tenants').code).to.equal('KNHK_E_PLUGIN_INIT_FAILED');
    const dependant = statusOf(fw, 'deployer');
    expect(dependant.status).to.equal('failed');
    expect(dependant.code).to.equal('KNHK_E_PLUGIN_REQUIREMENT_FAILED');
    expect(dependant.reason).to.include('"tenants" is failed').and.include('tenant directory unreachable');
    expect(events).to.deep.equal([]);
    try {
      fw.get('deployment');
      expect.fail('deployment has no ready provider');
    } catch (error) {
      expect(isKnhkError(error, 'KNHK_E_CAPABILITY_MISSING')).to.equal(true);
    }
    await fw.dispose();
  });

  it('chooses the named provider, else the highest priority; an optional requirement may stay unmet', async () => {
    const events: string[] = [];
    const fw = await framework([
      tenancyPlugin('low', events, { priority: 1 }),
      tenancyPlugin('high', events, { priority: 5 }),
      deploymentPlugin('any', events),
      deploymentPlugin('named', events, {
        name: 'named',
        requires: [{ capability: 'tenancy', provider: 'low' }],
        providers: { billing: { useValue: { generateInvoice: async () => ({ id: 'i', total: '0' }) } } },
      }),
      definePlugin({
        name: 'optional',
        version: '1.0.0',
        requires: [{ capability: 'signature', optional: true }, 'tenancy'],
        providers: { metering: { useValue: { ingest: async () => ({ accepted: 0, duplicates: 0 }) } } },
        init(context) {
          events.push(`optional: signature ${context.dependencies.signature === undefined ? 'absent' : 'present'}`);
        },
      }),
    ]);
    expect(events).to.include('init any (tenancy: high-x)');
    expect(events).to.include('init named (tenancy: low-x)');
    expect(events).to.include('optional: signature absent');
    expect(statusOf(fw, 'optional').status).to.equal('ready');
    await fw.dispose();
  });

  it('register() meets requirements from the plugins already running', async () => {
    const events: string[] = [];
    const fw = await framework([tenancyPlugin('tenants', events)]);
    const report = await fw.register(deploymentPlugin('deployer', events));
    expect(report.status).to.equal('ready');
    expect(events).to.include('init deployer (tenancy: tenants-x)');
    const lonely = await fw.register(
      definePlugin({
        name: 'lonely',
        version: '1.0.0',
        requires: ['consensus'],
        providers: { billing: { useValue: { generateInvoice: async () => ({ id: 'i', total: '0' }) } } },
      }),
    );
    expect(lonely.error?.code).to.equal('KNHK_E_PLUGIN_REQUIREMENT_MISSING');
    expect(lonely.reason).to.include('@knhk/plugin-consensus');
    await fw.dispose();
  });

  it('rejects requirements that are not capabilities, or a capability the plugin provides itself', () => {
    const base = { name: 'bad', version: '1.0.0', providers: { tenancy: { useValue: {} as Tenancy } } };
    expect(() => definePlugin({ ...base, requires: ['telepathy' as never] })).to.throw(
      /KNHK_E_PLUGIN_MANIFEST_INVALID/,
    );
    expect(() => definePlugin({ ...base, requires: ['tenancy'] })).to.throw(/cannot require itself/);
    expect(() => definePlugin({ ...base, requires: ['signature', 'signature'] })).to.throw(/twice/);
    expect(definePlugin({ ...base, requires: ['signature'] }).manifest.requires).to.deep.equal([
      { capability: 'signature', optional: false },
    ]);
  });
});

/**
 * The marketplace as a knhk plugin: licensing, metering and billing providers over lazily
 * opened state. It requires the `signature` capability (optional) for composite licenses.
 */
import {
  type Billing,
  type DependencyContainer,
  type InjectionToken,
  type Licensing,
  type Metering,
  definePlugin,
} from '@knhk/core';
import { PluginState, type MarketplacePluginOptions } from './plugin-state.js';
import { knhkVersionOfMarketplace } from './version.js';
import { MARKETPLACE_ERRORS } from './errors.js';

const STATE: InjectionToken<PluginState> = Symbol.for('knhk.marketplace.state');

const state = (container: DependencyContainer): PluginState => container.resolve(STATE);

function licensing(container: DependencyContainer): Licensing {
  const s = state(container);
  return {
    validate: (license) => s.validator().validate(license),
    isFeatureAllowed(license, feature) {
      const check = s.validator().validate(license);
      return check.state === 'Active' && check.license?.features.includes(feature) === true;
    },
  };
}

function metering(container: DependencyContainer): Metering {
  const s = state(container);
  return { ingest: async (events) => (await s.marketplace()).metering.ingest(events) };
}

function billing(container: DependencyContainer): Billing {
  const s = state(container);
  return {
    generateInvoice: async (customerId, period) => (await s.marketplace()).billing.generateInvoice(customerId, period),
  };
}

export const marketplacePlugin = definePlugin({
  name: 'marketplace',
  errors: MARKETPLACE_ERRORS,
  version: knhkVersionOfMarketplace,
  description: 'signed licenses, idempotent usage metering and exact usage-based billing on SQLite',
  // Composite licenses are signed and verified through the signature capability (the crypto
  // plugin's); without a provider Ed25519 licenses still work, so it is optional.
  requires: [{ capability: 'signature', optional: true }],
  providers: {
    licensing: { useFactory: licensing },
    metering: { useFactory: metering },
    billing: { useFactory: billing },
  },
  register(container, context) {
    const options = context.options as MarketplacePluginOptions;
    container.register(STATE, { useValue: new PluginState(options, context.dependencies.signature) });
  },
  async init(context) {
    await state(context.container).prepare();
  },
  async dispose(context) {
    await state(context.container).close();
  },
});

/**
 * @knhk/plugin-marketplace: signed licenses (Ed25519, or composite ML-DSA-65+Ed25519 through
 * the `signature` capability of a crypto plugin), idempotent usage metering and exact
 * usage-based billing on an embedded SQLite database. The default export is the knhk plugin.
 */
export * from './errors.js';
export * from './money/rounding.js';
export * from './money/decimal.js';
export * from './money/money.js';
export * from './period.js';
export * from './licensing/base64url.js';
export * from './licensing/signer.js';
export * from './licensing/ed25519-signer.js';
export * from './licensing/composite-signer.js';
export * from './licensing/license.js';
export * from './licensing/signed-envelope.js';
export * from './licensing/issuer.js';
export * from './licensing/revocation.js';
export * from './licensing/validator.js';
export * from './licensing/enforcement.js';
export * from './licensing/licensing-service.js';
export * from './metering/meters.js';
export * from './metering/usage-event.js';
export * from './metering/aggregation.js';
export * from './metering/gcra.js';
export * from './metering/rate-limiter.js';
export * from './metering/metering-service.js';
export * from './billing/pricing.js';
export * from './billing/plan.js';
export * from './billing/invoice.js';
export * from './billing/lifecycle.js';
export * from './billing/render.js';
export * from './billing/billing-service.js';
export * from './store/store.js';
export * from './store/sqlite/migrations.js';
export * from './store/sqlite/open.js';
export * from './store/sqlite/sqlite-store.js';
export * from './keys.js';
export * from './paths.js';
export * from './marketplace.js';
export * from './plugin-state.js';
export { marketplacePlugin } from './plugin.js';
import { marketplacePlugin } from './plugin.js';

export default marketplacePlugin;

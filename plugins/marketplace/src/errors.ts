/**
 * The error codes of the marketplace plugin: licenses, metering, billing and its database. They are this plugin's own
 * catalogue (given to `definePlugin({ errors })`), documented in the `@knhk/plugin-marketplace` section of
 * docs/errors.md; `cli/test/error-catalogues.test.ts` keeps the two in step.
 */
import { type ErrorCodeOf, defineErrorCatalogue } from '@knhk/core';

export const MARKETPLACE_ERRORS = defineErrorCatalogue('@knhk/plugin-marketplace', {
  KNHK_E_LICENSE_MALFORMED: {
    summary: 'A license key, license file or revocation list is truncated, badly encoded or not a knhk license.',
    remedy:
      'Paste the whole key (it starts with knhk-lic1.) or pass the license file exactly as it was issued; ask the vendor for a new one if it was damaged.',
  },
  KNHK_E_LICENSE_INVALID: {
    summary: 'The license is not valid now: its signature does not verify, or it is expired, not yet valid or revoked.',
    remedy:
      "Read the status and reason in the message; renew or reissue the license, or check that the public key is the vendor's.",
  },
  KNHK_E_LICENSE_FEATURE: {
    summary: 'The license does not include the feature that was used.',
    remedy: 'Use a feature the license lists, or issue a license that includes it.',
  },
  KNHK_E_LICENSE_QUOTA: {
    summary: "The usage would exceed the license's limit for the feature in this period.",
    remedy:
      'Wait for the next period, or issue a license with a higher limit; in Warn or Permissive mode the usage is recorded anyway.',
  },
  KNHK_E_LICENSE_KEY: {
    summary: 'A signing or public key is missing, unreadable or of the wrong length or algorithm.',
    remedy:
      'Pass the key file written by `knhk market license issue` (--key-file), or delete it to have a new key pair generated.',
  },
  KNHK_E_LICENSE_REVOCATION_LIST: {
    summary: "A revocation list's signature does not verify, or it is older than the list already loaded.",
    remedy: "Load the newest revocation list signed with the vendor's key.",
  },
  KNHK_E_LICENSE_ALGORITHM_UNAVAILABLE: {
    summary:
      'The composite ML-DSA-65+Ed25519 license algorithm was asked for, but no provider of the signature capability that offers it was given (no crypto plugin such as @knhk/plugin-crypto is installed).',
    remedy:
      'Install @knhk/plugin-crypto next to @knhk/plugin-marketplace (a framework then hands its signature capability to the marketplace), pass options.signature when calling the library, or issue and verify Ed25519 licenses (--algorithm ed25519).',
  },
  KNHK_E_METER_EVENT_INVALID: {
    summary:
      'A usage event has a missing or bad field: id, customer, meter name, quantity (a non-negative decimal) or timestamp.',
    remedy: 'Fix the field named in the message; no event of the batch was recorded.',
  },
  KNHK_E_METER_BATCH_LIMIT: {
    summary: 'A batch holds more usage events than one ingestion call accepts.',
    remedy: 'Split the batch into batches of at most the limit named in the message.',
  },
  KNHK_E_METER_RATE_LIMITED: {
    summary: 'The customer sent events for this meter faster than its rate limit allows.',
    remedy: "Retry after the time named in the message, or raise the meter's rate limit.",
  },
  KNHK_E_METER_TOTAL_OVERFLOW: {
    summary: "A meter's total for one customer and period is beyond what the store sums exactly (2^63-1 micro-units).",
    remedy:
      'Bill that meter over shorter periods or in larger units; totals above 9.2 x 10^12 units are not supported.',
  },
  KNHK_E_BILLING_CUSTOMER_UNKNOWN: {
    summary: 'No billing account exists for the customer id.',
    remedy:
      'Create the account first (for example `knhk market usage record --plan starter ...`), or check the customer id.',
  },
  KNHK_E_BILLING_PLAN_INVALID: {
    summary:
      'A plan or price book is unknown or inconsistent (tiers not ascending, negative prices, no open last tier).',
    remedy:
      'Use free, starter, professional or a price book whose tiers have increasing upper bounds and end with an unbounded tier.',
  },
  KNHK_E_BILLING_PERIOD_INVALID: {
    summary: 'The billing period is malformed, in the future or not yet over.',
    remedy: 'Pass a past month as YYYY-MM; a month is invoiced once it has ended.',
  },
  KNHK_E_BILLING_INVOICE_NOT_FOUND: {
    summary: 'No invoice exists with that id, or for that customer and period.',
    remedy: "List the customer's invoices, or generate the invoice for the period first.",
  },
  KNHK_E_BILLING_INVOICE_STATE: {
    summary:
      'The invoice is not in a state that allows the change (for example paying a draft or cancelling a paid invoice).',
    remedy:
      'Follow the lifecycle Draft -> Issued -> Paid / Overdue / Cancelled; issue a draft before applying payments, credit a paid invoice instead of cancelling it.',
  },
  KNHK_E_BILLING_AMOUNT_INVALID: {
    summary: 'A payment or credit amount is malformed, not positive, or more than the invoice allows.',
    remedy:
      "Pass a positive amount in the invoice's currency with at most the currency's decimals, no more than the amount due or creditable.",
  },
  KNHK_E_STORE_OPEN: {
    summary: 'The marketplace database could not be opened or created.',
    remedy:
      'Check the path (--db or KNHK_MARKET_DB), that its folder is writable, and that no other program holds it locked.',
  },
  KNHK_E_STORE_SCHEMA: {
    summary: 'The marketplace database has a schema version this knhk does not know, or a migration failed.',
    remedy:
      'Upgrade knhk to the version that wrote the database, or restore it from a backup; the failed migration was rolled back.',
  },
});

/** Every code of this plugin's catalogue. */
export type MarketplaceErrorCode = ErrorCodeOf<typeof MARKETPLACE_ERRORS>;

/** A `KnhkError` with one of this plugin's codes (or one of core's). */
export const marketplaceError = MARKETPLACE_ERRORS.error;

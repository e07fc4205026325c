/**
 * The billing filter for host APIs, framework-free (no Micronaut, no servlet API: a test enforces it).
 *
 * <p>A host configures {@link dev.tollgate.billing.BillingConfig} (from {@code tollgate.billing.*} keys through
 * {@link dev.tollgate.billing.BillingConfigLoader}, or in code), and an adapter drives
 * {@link dev.tollgate.billing.BillingEngine}: {@code before(request)} → pass, respond (402 and refusals, handler
 * not run) or proceed (authorised: run the handler, buffer its response); {@code after(ticket, response)} → the
 * answer (4xx/5xx unchanged and released; 2xx billed, released to the client only once paid). The engine talks
 * to the Tollgate gateway's {@code /v1/billing/*} through {@link dev.tollgate.billing.BillingGateway}
 * ({@link dev.tollgate.billing.HttpBillingGateway} over HTTP). It holds no key, no database and no chain client.
 *
 * <p>Adapters: {@code dev.tollgate.billing.micronaut} (a server filter enabled by
 * {@code tollgate.billing.gateway-url}) and {@code dev.tollgate.billing.servlet} (a {@code jakarta.servlet.Filter}).
 */
package dev.tollgate.billing;

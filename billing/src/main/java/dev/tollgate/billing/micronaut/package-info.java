/**
 * Micronaut 4 adapter. A host adds the {@code dev.tollgate:tollgate-billing} dependency and configuration; the
 * filter, the engine and the HTTP gateway client are beans created only when {@code tollgate.billing.gateway-url}
 * is set:
 * <pre>
 * tollgate:
 *   billing:
 *     gateway-url: http://127.0.0.1:8080
 *     gateway-token: ${TOLLGATE_BILLING_TOKEN}
 *     endpoints:
 *       - path: /v1/chat/completions
 *         method: POST
 *         input-usd-per-million: 2.5
 *         output-usd-per-million: 10
 *         ceiling-usd: 0.05
 *       - path: /v1/quote
 *         fixed-usd: 0.01
 *     rails:
 *       - network: polygon-local
 *         asset: USDC
 *         pay-to: "0x…"
 *     fee-bps: 500
 * </pre>
 * Provide your own {@link dev.tollgate.billing.BillingGateway} bean to replace the HTTP client (tests).
 */
package dev.tollgate.billing.micronaut;

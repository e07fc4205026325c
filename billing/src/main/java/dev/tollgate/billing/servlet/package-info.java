/**
 * Servlet (Jakarta Servlet 6) adapter for Spring Boot, Tomcat, Jetty and other servlet hosts. Map
 * {@link dev.tollgate.billing.servlet.BillingServletFilter} to {@code /*}; configure it with a
 * {@link dev.tollgate.billing.BillingConfig}, a {@code tollgate.billing.*} key map / {@link java.util.Properties}
 * ({@code BillingServletFilter.fromProperties}), or init parameters with the same keys. Spring Boot:
 * <pre>
 * &#64;Bean FilterRegistrationBean&lt;BillingServletFilter&gt; billing(Environment env) {
 *     var bean = new FilterRegistrationBean&lt;&gt;(BillingServletFilter.fromProperties(keysUnder("tollgate.billing")));
 *     bean.addUrlPatterns("/*");
 *     return bean;
 * }
 * </pre>
 * The filter works synchronously: a billed handler must not use async servlet I/O (its output is buffered).
 */
package dev.tollgate.billing.servlet;

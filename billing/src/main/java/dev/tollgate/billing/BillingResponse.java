package dev.tollgate.billing;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the adapter writes to the client.
 *
 * @param status             the HTTP status
 * @param headers            headers to set (replacing any of the same name); includes Content-Type when the
 *                           engine built the body
 * @param body               the whole body; the adapter sets Content-Length to its length
 * @param keepHandlerHeaders true when the handler's own headers (other than Content-Length and
 *                           Transfer-Encoding) stay, i.e. the handler's paid answer; false for the filter's own
 *                           answers (402, 502, 202), which carry only these headers
 */
public record BillingResponse(int status, Map<String, String> headers, byte[] body, boolean keepHandlerHeaders) {

    public BillingResponse {
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    }

    /** A header's value, by case-insensitive name, or null. */
    public String header(String name) {
        for (Map.Entry<String, String> header : headers.entrySet()) {
            if (header.getKey().equalsIgnoreCase(name)) {
                return header.getValue();
            }
        }
        return null;
    }
}

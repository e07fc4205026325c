package dev.tollgate.billing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.tollgate.pricing.PricingJson;
import dev.tollgate.pricing.Usage;
import dev.tollgate.pricing.UsageExtractor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads the token usage of a handler's buffered response with pricing's {@link UsageExtractor} (every ATP §6.3
 * format plus Gemini {@code usageMetadata}): a JSON body as a whole; a {@code text/event-stream} body from the
 * last {@code data:} event that carries usage ({@code [DONE]} and non-JSON events ignored).
 */
public final class UsageReader {

    private static final JsonMapper JSON = PricingJson.mapper();

    private UsageReader() {
    }

    public static Usage read(String contentType, byte[] body) {
        if (isEventStream(contentType)) {
            return fromEvents(body);
        }
        JsonNode tree = parse(new String(body, StandardCharsets.UTF_8));
        return tree == null ? Usage.EMPTY : UsageExtractor.extract(tree);
    }

    public static boolean isEventStream(String contentType) {
        return mediaType(contentType).equals("text/event-stream");
    }

    public static boolean isJson(String contentType) {
        String type = mediaType(contentType);
        return type.equals("application/json") || (type.startsWith("application/") && type.endsWith("+json"));
    }

    static String mediaType(String contentType) {
        if (contentType == null) {
            return "";
        }
        int semicolon = contentType.indexOf(';');
        return (semicolon >= 0 ? contentType.substring(0, semicolon) : contentType).strip().toLowerCase(Locale.ROOT);
    }

    private static Usage fromEvents(byte[] body) {
        Usage last = Usage.EMPTY;
        for (String data : eventData(new String(body, StandardCharsets.UTF_8))) {
            if (data.strip().equals("[DONE]")) {
                continue;
            }
            JsonNode tree = parse(data);
            if (tree != null) {
                Usage usage = UsageExtractor.extract(tree);
                if (!usage.isEmpty()) {
                    last = usage;
                }
            }
        }
        return last;
    }

    /** The data of each event: its {@code data:} lines joined by a newline (the SSE rules, WHATWG §9.2.6). */
    static List<String> eventData(String stream) {
        List<String> events = new ArrayList<>();
        StringBuilder data = null;
        for (String line : stream.split("\r\n|\r|\n", -1)) {
            if (line.isEmpty()) {
                if (data != null) {
                    events.add(data.toString());
                }
                data = null;
                continue;
            }
            if (line.startsWith("data")) {
                String value;
                if (line.equals("data")) {
                    value = "";
                } else if (line.startsWith("data:")) {
                    value = line.substring(5);
                    if (value.startsWith(" ")) {
                        value = value.substring(1);
                    }
                } else {
                    continue;
                }
                data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
            }
        }
        if (data != null) {
            events.add(data.toString());
        }
        return events;
    }

    private static JsonNode parse(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException | RuntimeException notJson) {
            return null;
        }
    }
}

package dev.tollgate.examples.api;

/** What a demo handler answers, framework-free: the hosts copy it onto their own response type. */
public record DemoResponse(int status, String contentType, String body) {
    public static final String JSON = "application/json";
    public static final String EVENT_STREAM = "text/event-stream";
}

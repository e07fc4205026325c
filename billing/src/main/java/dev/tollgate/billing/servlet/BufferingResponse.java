package dev.tollgate.billing.servlet;

import dev.tollgate.billing.HandlerResponse;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * Holds back everything the handler writes (at most {@code max} bytes; beyond that the rest is dropped and the
 * response marked too large) so nothing reaches the client before it is paid. Status and headers go to the real
 * response, which is never committed here: no flush, no Content-Length, no sendError page.
 */
final class BufferingResponse extends HttpServletResponseWrapper {

    private final int max;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private boolean overflow;
    private ServletOutputStream stream;
    private PrintWriter writer;
    private int status = SC_OK;

    BufferingResponse(HttpServletResponse response, int max) {
        super(response);
        this.max = max;
    }

    HandlerResponse handlerResponse() {
        if (writer != null) {
            writer.flush();
        }
        return overflow ? HandlerResponse.overLimit(status, getContentType())
                : HandlerResponse.of(status, getContentType(), bytes.toByteArray());
    }

    private void append(byte[] b, int off, int len) {
        if (overflow) {
            return;
        }
        if ((long) bytes.size() + len > max) {
            overflow = true;
            bytes.reset();
            return;
        }
        bytes.write(b, off, len);
    }

    @Override
    public ServletOutputStream getOutputStream() {
        if (writer != null) {
            throw new IllegalStateException("getWriter() was already called");
        }
        if (stream == null) {
            stream = new ServletOutputStream() {
                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setWriteListener(WriteListener listener) {
                    throw new IllegalStateException("a billed response is buffered; async writes are not supported");
                }

                @Override
                public void write(int b) {
                    append(new byte[] {(byte) b}, 0, 1);
                }

                @Override
                public void write(byte[] b, int off, int len) {
                    append(b, off, len);
                }
            };
        }
        return stream;
    }

    @Override
    public PrintWriter getWriter() {
        if (stream != null) {
            throw new IllegalStateException("getOutputStream() was already called");
        }
        if (writer == null) {
            String encoding = getCharacterEncoding();
            Charset charset = encoding == null ? StandardCharsets.ISO_8859_1 : Charset.forName(encoding);
            writer = new PrintWriter(new OutputStreamWriter(new java.io.OutputStream() {
                @Override
                public void write(int b) {
                    append(new byte[] {(byte) b}, 0, 1);
                }

                @Override
                public void write(byte[] b, int off, int len) {
                    append(b, off, len);
                }
            }, charset));
        }
        return writer;
    }

    @Override
    public void setStatus(int sc) {
        status = sc;
        super.setStatus(sc);
    }

    @Override
    public void sendError(int sc, String msg) {
        status = sc;
        super.setStatus(sc);
        bytes.reset();
        if (msg != null) {
            byte[] text = msg.getBytes(StandardCharsets.UTF_8);
            append(text, 0, text.length);
            setContentType("text/plain;charset=UTF-8");
        }
    }

    @Override
    public void sendError(int sc) {
        sendError(sc, null);
    }

    @Override
    public void sendRedirect(String location) {
        setStatus(SC_FOUND);
        setHeader("Location", location);
    }

    @Override
    public int getStatus() {
        return status;
    }

    @Override
    public void setContentLength(int len) {
        // recomputed when the billed response is written
    }

    @Override
    public void setContentLengthLong(long len) {
        // recomputed when the billed response is written
    }

    @Override
    public void setHeader(String name, String value) {
        if (!"Content-Length".equalsIgnoreCase(name)) {
            super.setHeader(name, value);
        }
    }

    @Override
    public void addHeader(String name, String value) {
        if (!"Content-Length".equalsIgnoreCase(name)) {
            super.addHeader(name, value);
        }
    }

    @Override
    public void setIntHeader(String name, int value) {
        if (!"Content-Length".equalsIgnoreCase(name)) {
            super.setIntHeader(name, value);
        }
    }

    @Override
    public void flushBuffer() {
        if (writer != null) {
            writer.flush();
        }
    }

    @Override
    public boolean isCommitted() {
        return false;
    }

    @Override
    public void resetBuffer() {
        bytes.reset();
        overflow = false;
    }

    @Override
    public void reset() {
        super.reset();
        status = SC_OK;
        resetBuffer();
    }
}

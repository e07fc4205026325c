package dev.tollgate.billing.servlet;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * A request whose body the filter may read first (to estimate a usage price) and the handler then reads again.
 * Only a body of at most {@code max} bytes (by Content-Length) is read; otherwise {@link #body()} is null and the
 * handler reads the original stream.
 */
final class CachedBodyRequest extends HttpServletRequestWrapper {

    private final int max;
    private byte[] body;

    CachedBodyRequest(HttpServletRequest request, int max) {
        super(request);
        this.max = max;
    }

    /** The body, read once; null when there is none, it is chunked or larger than the cap. */
    synchronized byte[] body() {
        if (body == null) {
            long length = getContentLengthLong();
            if (length <= 0 || length > max) {
                return null;
            }
            try {
                body = super.getInputStream().readNBytes((int) length);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return body;
    }

    @Override
    public synchronized ServletInputStream getInputStream() throws IOException {
        if (body == null) {
            return super.getInputStream();
        }
        ByteArrayInputStream in = new ByteArrayInputStream(body);
        return new ServletInputStream() {
            @Override
            public boolean isFinished() {
                return in.available() == 0;
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setReadListener(ReadListener listener) {
                throw new IllegalStateException("the billed request body is already buffered");
            }

            @Override
            public int read() {
                return in.read();
            }

            @Override
            public int read(byte[] b, int off, int len) {
                return in.read(b, off, len);
            }
        };
    }

    @Override
    public synchronized BufferedReader getReader() throws IOException {
        if (body == null) {
            return super.getReader();
        }
        String encoding = getCharacterEncoding();
        Charset charset = encoding == null ? StandardCharsets.ISO_8859_1 : Charset.forName(encoding);
        return new BufferedReader(new InputStreamReader(new ByteArrayInputStream(body), charset));
    }
}

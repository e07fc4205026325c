package dev.tollgate.chain.evm;

import java.io.IOException;
import okhttp3.Interceptor;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.ForwardingSource;
import okio.Okio;

/** Fails a response whose body is (or grows) larger than a limit, before it is buffered whole. */
final class CappedResponseBody implements Interceptor {
    private final long max;

    CappedResponseBody(long max) {
        this.max = max;
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        Response response = chain.proceed(chain.request());
        ResponseBody body = response.body();
        if (body.contentLength() > max) {
            response.close();
            throw new IOException("response body over " + max + " bytes");
        }
        ForwardingSource counted = new ForwardingSource(body.source()) {
            private long read;

            @Override
            public long read(Buffer sink, long byteCount) throws IOException {
                long n = super.read(sink, byteCount);
                if (n > 0 && (read += n) > max) {
                    throw new IOException("response body over " + max + " bytes");
                }
                return n;
            }
        };
        return response.newBuilder()
                .body(ResponseBody.create(Okio.buffer(counted), body.contentType(), body.contentLength()))
                .build();
    }
}

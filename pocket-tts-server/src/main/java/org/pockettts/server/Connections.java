package org.pockettts.server;

import io.javalin.http.Context;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.io.EndPoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What the servlet API cannot say: that a response already under way is broken. */
final class Connections {

    private static final Logger LOG = LoggerFactory.getLogger(Connections.class);

    private Connections() {
    }

    /**
     * Drops the connection without ending the response. A streamed response that ended normally
     * would look complete; one cut off tells the client that the audio is incomplete.
     */
    static void abort(Context ctx, Throwable why) {
        // Closing the connection itself: aborting the response through the servlet channel leaves
        // the request in a state that the web framework then mistakes for an asynchronous one.
        EndPoint endPoint = endPoint(ctx);
        if (endPoint == null) {
            return;
        }
        // Whatever the client sent that nobody read would make the close a reset, which may destroy
        // the audio already sent before the client reads it: read it away first, and end the stream
        // before closing, so that the client gets all that was sent and then the cut.
        ByteBuffer unread = ByteBuffer.allocate(4096);
        for (int i = 0; i < 16 && readNow(endPoint, unread) > 0; i++) {
            // discarded
        }
        endPoint.shutdownOutput();
        endPoint.close(why);
    }

    /** The connection of {@code ctx}, or null when it cannot be had. */
    static EndPoint endPoint(Context ctx) {
        try {
            return ServletContextRequest.getServletContextRequest(ctx.req()).getConnectionMetaData()
                    .getConnection().getEndPoint();
        } catch (RuntimeException e) {
            LOG.debug("cannot reach the connection of this request", e);
            return null;
        }
    }

    /**
     * Reads what has arrived on {@code endPoint} into {@code buffer} without waiting: the bytes read,
     * 0 when none are there, -1 at the end of the stream (or when the connection failed).
     */
    static int readNow(EndPoint endPoint, ByteBuffer buffer) {
        try {
            // Jetty fills after the buffer's limit: an empty buffer has a limit of 0.
            buffer.clear().limit(0);
            return endPoint.fill(buffer);
        } catch (IOException e) {
            return -1;
        }
    }
}

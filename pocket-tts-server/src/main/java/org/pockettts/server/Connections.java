package org.pockettts.server;

import io.javalin.http.Context;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
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
        try {
            // Closing the connection itself: aborting the response through the servlet channel leaves
            // the request in a state that the web framework then mistakes for an asynchronous one.
            ServletContextRequest.getServletContextRequest(ctx.req()).getConnectionMetaData().getConnection()
                    .getEndPoint().close(why);
        } catch (RuntimeException e) {
            LOG.debug("could not abort the connection after {}", why.toString(), e);
        }
    }
}

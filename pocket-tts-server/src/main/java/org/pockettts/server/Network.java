package org.pockettts.server;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.function.Predicate;
import javax.net.ssl.SSLSocketFactory;

/**
 * The network as the voice fetcher sees it: how host names resolve, which addresses count as public,
 * and how TLS connections are made (and their certificates checked). The server uses
 * {@link #system()}; tests put in a resolver and a classifier of their own so that "public" voices
 * can be served from loopback. Package-private on purpose: no configuration and no code outside
 * this package can loosen what the server calls public.
 *
 * @param resolver   host name to addresses; the only place a host name is interpreted
 * @param isPublic   whether an address may be fetched from under {@link VoiceUrlPolicy#PUBLIC}
 * @param tls        makes TLS sockets; their certificates are checked against the URL's host
 */
record Network(Resolver resolver, Predicate<InetAddress> isPublic, SSLSocketFactory tls) {

    /** Resolves a host name (or an address literal) to the addresses it stands for. */
    @FunctionalInterface
    interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    /** The system's resolver, the public-address rules and the JDK's trusted certificates. */
    static Network system() {
        return new Network(InetAddress::getAllByName, PublicAddresses::isPublic,
                (SSLSocketFactory) SSLSocketFactory.getDefault());
    }
}

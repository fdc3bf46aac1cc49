package org.pockettts.wyoming;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import javax.jmdns.JmDNS;
import javax.jmdns.ServiceInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The mDNS announcement of the server for Home Assistant's discovery: a service of type
 * {@value #SERVICE_TYPE} (the type the Wyoming integration listens for) named after the server, at
 * the server's port and the address from which this machine reaches the mDNS group.
 */
final class Zeroconf implements AutoCloseable {

    /** The service type of Wyoming servers, as the protocol's library registers it. */
    static final String SERVICE_TYPE = "_wyoming._tcp.local.";
    private static final Logger LOG = LoggerFactory.getLogger(Zeroconf.class);
    private static final String MDNS_GROUP = "224.0.0.251";

    private final JmDNS jmdns;

    private Zeroconf(JmDNS jmdns) {
        this.jmdns = jmdns;
    }

    /**
     * Announces {@code name} at {@code port} on {@code address}; for a wildcard address, on the address
     * this machine sends multicast from.
     */
    static Zeroconf announce(String name, InetAddress address, int port) throws IOException {
        InetAddress on = address == null || address.isAnyLocalAddress() ? outgoing() : address;
        JmDNS jmdns = JmDNS.create(on, name);
        try {
            jmdns.registerService(ServiceInfo.create(SERVICE_TYPE, name, port, ""));
        } catch (IOException | RuntimeException e) {
            jmdns.close();
            throw e;
        }
        LOG.info("Announced {}.{} at {}:{} over mDNS", name, SERVICE_TYPE, on.getHostAddress(), port);
        return new Zeroconf(jmdns);
    }

    /** The local address of a route to the mDNS group (nothing is sent), else the host's own address. */
    private static InetAddress outgoing() throws IOException {
        try (DatagramSocket probe = new DatagramSocket()) {
            probe.connect(new InetSocketAddress(InetAddress.getByName(MDNS_GROUP), 5353));
            InetAddress local = probe.getLocalAddress();
            if (local != null && !local.isAnyLocalAddress()) {
                return local;
            }
        } catch (SocketException e) {
            LOG.debug("no route to the mDNS group: {}", e.toString());
        }
        return InetAddress.getLocalHost();
    }

    /** Withdraws the announcement. */
    @Override
    public void close() {
        jmdns.unregisterAllServices();
        try {
            jmdns.close();
        } catch (IOException e) {
            LOG.debug("closing mDNS failed: {}", e.toString());
        }
    }
}

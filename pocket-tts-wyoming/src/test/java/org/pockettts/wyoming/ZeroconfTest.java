package org.pockettts.wyoming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.MulticastSocket;
import java.net.NetworkInterface;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import javax.jmdns.JmDNS;
import javax.jmdns.ServiceEvent;
import javax.jmdns.ServiceInfo;
import javax.jmdns.ServiceListener;
import org.junit.jupiter.api.Test;

/**
 * {@code --zeroconf}: the server is found as Home Assistant finds Wyoming servers, by browsing mDNS
 * for {@code _wyoming._tcp.local.}, and answers {@code describe} at the address and port found.
 * Skipped, saying why, where this machine cannot send itself multicast.
 */
class ZeroconfTest {

    @Test
    void theServerIsDiscoveredAsAWyomingService() throws Exception {
        InetAddress address = multicastAddress();
        assumeTrue(address != null, "no network interface here delivers multicast to this machine itself:"
                + " mDNS discovery cannot be tested");
        String name = "pocket-tts-test-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(1 << 24));
        WyomingServer server = TinyModel.start(TinyModel.config().host("0.0.0.0").zeroconfName(name));
        try (JmDNS browser = JmDNS.create(address, "pocket-tts-browser")) {
            CompletableFuture<ServiceInfo> found = new CompletableFuture<>();
            browser.addServiceListener(Zeroconf.SERVICE_TYPE, new ServiceListener() {
                @Override
                public void serviceAdded(ServiceEvent event) {
                    browser.requestServiceInfo(event.getType(), event.getName(), 1000);
                }

                @Override
                public void serviceRemoved(ServiceEvent event) {
                }

                @Override
                public void serviceResolved(ServiceEvent event) {
                    if (event.getName().equals(name)) {
                        found.complete(event.getInfo());
                    }
                }
            });
            ServiceInfo info = found.get(60, TimeUnit.SECONDS);
            assertThat(info.getPort()).isEqualTo(server.port());
            assertThat(info.getInetAddresses()).isNotEmpty();
            // Home Assistant then asks the server found there what it offers.
            try (WyomingClient client = new WyomingClient(new InetSocketAddress(info.getInetAddresses()[0],
                    info.getPort()))) {
                client.send("describe");
                WyomingClient.Received reply = client.next();
                assertThat(reply.type()).isEqualTo("info");
                assertThat(reply.data().get("tts").get(0).get("name").asText()).isEqualTo("pocket-tts");
            }
        } finally {
            server.stop();
        }
    }

    /**
     * An address of an interface on which a multicast datagram sent by this machine comes back to it,
     * or null: tried, not assumed, since containers and CI machines often have interfaces that say
     * they do multicast and drop it.
     */
    private static InetAddress multicastAddress() throws IOException {
        InetAddress group = InetAddress.getByName("239.255.77.78");
        for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!nif.isUp() || nif.isLoopback() || !nif.supportsMulticast()) {
                continue;
            }
            InetAddress ipv4 = nif.inetAddresses().filter(a -> a.getAddress().length == 4).findFirst().orElse(null);
            if (ipv4 == null) {
                continue;
            }
            try (MulticastSocket socket = new MulticastSocket(0)) {
                socket.setNetworkInterface(nif);
                socket.setLoopbackMode(false);
                socket.joinGroup(new InetSocketAddress(group, 0), nif);
                socket.setSoTimeout(2000);
                byte[] probe = ("probe " + System.nanoTime()).getBytes(StandardCharsets.UTF_8);
                socket.send(new DatagramPacket(probe, probe.length, group, socket.getLocalPort()));
                byte[] buffer = new byte[64];
                DatagramPacket received = new DatagramPacket(buffer, buffer.length);
                socket.receive(received);
                if (Arrays.equals(probe, Arrays.copyOf(buffer, received.getLength()))) {
                    return ipv4;
                }
            } catch (SocketTimeoutException e) {
                // This interface does not deliver it: try the next.
            }
        }
        return null;
    }
}

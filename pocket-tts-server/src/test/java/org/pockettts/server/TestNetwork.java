package org.pockettts.server;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLSocketFactory;

/**
 * The network as a test wants it: host names resolve to the addresses the test gives (in turn, to
 * play a name that changes its address between lookups), and the addresses it declares public count
 * as public besides the truly public ones. Address literals and {@code localhost} resolve as the
 * system resolves them. Lookups are counted by name.
 */
final class TestNetwork {

    private final Map<String, Deque<List<InetAddress>>> names = new ConcurrentHashMap<>();
    private final Set<InetAddress> declaredPublic = ConcurrentHashMap.newKeySet();
    private final Map<String, java.util.concurrent.atomic.AtomicInteger> lookups = new ConcurrentHashMap<>();
    private SSLSocketFactory tls = (SSLSocketFactory) SSLSocketFactory.getDefault();

    /** {@code name} resolves to {@code addresses}; several calls queue answers for successive lookups. */
    TestNetwork resolve(String name, String... addresses) {
        List<InetAddress> answer = java.util.Arrays.stream(addresses).map(InetAddress::ofLiteral).toList();
        names.computeIfAbsent(name, n -> new ArrayDeque<>()).addLast(answer);
        return this;
    }

    /** Treats {@code address} as a public internet address. */
    TestNetwork declarePublic(String address) {
        declaredPublic.add(InetAddress.ofLiteral(address));
        return this;
    }

    TestNetwork tls(SSLSocketFactory factory) {
        tls = factory;
        return this;
    }

    /** How many times each name was looked up. */
    Map<String, Integer> lookups() {
        Map<String, Integer> counts = new java.util.TreeMap<>();
        lookups.forEach((name, count) -> counts.put(name, count.get()));
        return counts;
    }

    Network network() {
        return new Network(this::lookUp, a -> declaredPublic.contains(a) || PublicAddresses.isPublic(a), tls);
    }

    private InetAddress[] lookUp(String host) throws UnknownHostException {
        lookups.computeIfAbsent(host, h -> new java.util.concurrent.atomic.AtomicInteger()).incrementAndGet();
        Deque<List<InetAddress>> answers = names.get(host);
        if (answers != null) {
            synchronized (answers) {
                List<InetAddress> answer = answers.size() > 1 ? answers.pollFirst() : answers.peekFirst();
                if (answer.isEmpty()) {
                    throw new UnknownHostException(host);
                }
                return answer.toArray(InetAddress[]::new);
            }
        }
        if (host.equals("localhost") || host.matches("[0-9.]+") || host.contains(":")) {
            return InetAddress.getAllByName(host);
        }
        throw new UnknownHostException(host + " (not known to this test)");
    }
}

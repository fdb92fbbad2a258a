package com.leadpipe.abuse;

import com.leadpipe.http.HttpRequest;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Who is signing up, as far as the network tells: the client address a per-IP limit counts.
 *
 * <p>API Gateway's {@code requestContext.http.sourceIp} is the TCP peer. Behind a proxy or CDN
 * that is the proxy, and the client is in {@code X-Forwarded-For}, which anyone can also write:
 * each proxy appends the address it saw, so only the entries the trusted proxies appended are
 * believed. With {@code trustedHops} = n the client is the n-th entry from the right once API
 * Gateway's own (the peer) is taken off; fewer entries than that, or one that is not an IP
 * literal, fall back to the peer.
 */
public final class ClientIp {

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

    private ClientIp() {
    }

    public static String of(HttpRequest request, int trustedHops) {
        String peer = request.sourceIp();
        if (trustedHops == 0) {
            return peer;
        }
        List<String> hops = new ArrayList<>();
        for (String entry : request.header("x-forwarded-for").orElse("").split(",")) {
            if (!entry.isBlank()) {
                hops.add(entry.strip());
            }
        }
        if (!hops.isEmpty() && hops.get(hops.size() - 1).equals(peer)) {
            hops.remove(hops.size() - 1); // API Gateway appends the peer itself
        }
        int index = hops.size() - trustedHops;
        if (index < 0 || !isLiteral(hops.get(index))) {
            return peer;
        }
        return hops.get(index);
    }

    /**
     * The key a per-IP limit counts under: an IPv4 address as is, an IPv6 one by its /64 (one
     * subscriber line gets a whole /64 and can pick any address in it), hashed so the table holds
     * no address (pseudonymous, not anonymous: the IPv4 space is small enough to try).
     */
    public static String limitKey(String ip) {
        String network = network(ip);
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(network.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    /** {@code 203.0.113.7} stays; {@code 2001:db8:1:2:a:b:c:d} becomes {@code 2001:0db8:0001:0002::/64}. */
    static String network(String ip) {
        if (ip == null || !isLiteral(ip)) {
            return "unknown:" + ip;
        }
        byte[] bytes;
        try {
            bytes = InetAddress.getByName(ip).getAddress(); // a literal: no DNS lookup
        } catch (UnknownHostException e) {
            return "unknown:" + ip;
        }
        if (bytes.length == 4) {
            return (bytes[0] & 0xff) + "." + (bytes[1] & 0xff) + "." + (bytes[2] & 0xff) + "." + (bytes[3] & 0xff);
        }
        StringBuilder prefix = new StringBuilder();
        for (int i = 0; i < 8; i += 2) {
            prefix.append(String.format("%02x%02x:", bytes[i], bytes[i + 1]));
        }
        return prefix.append(":/64").toString();
    }

    private static boolean isLiteral(String value) {
        return IPV4.matcher(value).matches() || value.indexOf(':') >= 0 && IPV6.matcher(value).matches();
    }
}

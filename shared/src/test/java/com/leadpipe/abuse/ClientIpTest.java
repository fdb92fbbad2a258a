package com.leadpipe.abuse;

import static org.assertj.core.api.Assertions.assertThat;

import com.leadpipe.http.HttpRequest;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClientIpTest {

    static HttpRequest request(String peer, String forwardedFor) {
        Map<String, String> headers = forwardedFor == null ? Map.of() : Map.of("x-forwarded-for", forwardedFor);
        return new HttpRequest("POST", "/c/demo/subscribe", Map.of(), Map.of(), headers, null, peer, "h", "");
    }

    @Test
    void withoutTrustedProxiesThePeerIsTheClientWhateverTheHeaderSays() {
        assertThat(ClientIp.of(request("198.51.100.1", "192.0.2.9, 198.51.100.1"), 0)).isEqualTo("198.51.100.1");
    }

    @Test
    void behindOneProxyTheEntryItAppendedIsTheClient() {
        assertThat(ClientIp.of(request("130.176.0.1", "forged, 192.0.2.9, 130.176.0.1"), 1)).isEqualTo("192.0.2.9");
        // API Gateway's own entry missing: the last entry is still the proxy's
        assertThat(ClientIp.of(request("130.176.0.1", "192.0.2.9"), 1)).isEqualTo("192.0.2.9");
        assertThat(ClientIp.of(request("130.176.0.1", "192.0.2.8, 192.0.2.9, 130.176.0.1"), 2)).isEqualTo("192.0.2.8");
    }

    @Test
    void tooFewEntriesOrNoIpLiteralFallBackToThePeer() {
        assertThat(ClientIp.of(request("130.176.0.1", "130.176.0.1"), 1)).isEqualTo("130.176.0.1");
        assertThat(ClientIp.of(request("130.176.0.1", null), 1)).isEqualTo("130.176.0.1");
        assertThat(ClientIp.of(request("130.176.0.1", "evil.example, 130.176.0.1"), 1)).isEqualTo("130.176.0.1");
    }

    @Test
    void ipv6IsCountedBySlash64AndIpv4ByAddress() {
        assertThat(ClientIp.network("2001:db8:1:2:a:b:c:d")).isEqualTo("2001:0db8:0001:0002::/64");
        assertThat(ClientIp.limitKey("2001:db8:1:2::1")).isEqualTo(ClientIp.limitKey("2001:0db8:0001:0002:ffff::"));
        assertThat(ClientIp.limitKey("2001:db8:1:3::1")).isNotEqualTo(ClientIp.limitKey("2001:db8:1:2::1"));
        assertThat(ClientIp.network("::ffff:192.0.2.1")).isEqualTo("192.0.2.1");
        assertThat(ClientIp.limitKey("192.0.2.1")).hasSize(32).isNotEqualTo(ClientIp.limitKey("192.0.2.2"));
    }
}

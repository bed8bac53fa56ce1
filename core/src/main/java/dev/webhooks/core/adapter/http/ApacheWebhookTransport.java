package dev.webhooks.core.adapter.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.NoRouteToHostException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.net.ssl.SSLHandshakeException;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;

import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.util.Timeout;

import io.quarkus.arc.ClientProxy;
import io.quarkus.runtime.StartupEvent;

import dev.webhooks.core.adapter.InitPhase;
import dev.webhooks.core.delivery.AddressGuard;
import dev.webhooks.core.delivery.FailureCode;
import dev.webhooks.core.delivery.OutboundRequest;
import dev.webhooks.core.delivery.OutboundResponse;
import dev.webhooks.core.delivery.RefusedAddressException;
import dev.webhooks.core.delivery.TransportException;
import dev.webhooks.core.port.WebhookTransport;
import dev.webhooks.core.settings.DeliverySettings;

/**
 * Outbound HTTP with Apache HttpClient 5, one client for the life of the function. The SSRF guard sits in the
 * client's DNS resolver, so the address that was checked is the address that is connected to: a DNS answer that
 * changes between check and connect (rebinding) cannot slip through. Redirects are not followed, TLS is verified by
 * the JDK's trust store, no proxy and no cookies are used, and a request is aborted when its total time runs out: the
 * configured total, or less when the caller's send budget has less left.
 */
@ApplicationScoped
public class ApacheWebhookTransport implements WebhookTransport {

    private final CloseableHttpClient client;
    private final AddressGuard guard;
    private final long totalTimeoutMillis;
    private final int bodyLimit;
    private final ScheduledExecutorService deadlines = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "webhook-request-deadlines");
        thread.setDaemon(true);
        return thread;
    });

    public ApacheWebhookTransport(DeliverySettings settings) {
        this.guard = new AddressGuard(settings.allowedAddressRanges().orElse(List.of()));
        this.totalTimeoutMillis = settings.totalTimeout().toMillis();
        this.bodyLimit = settings.responseBodyLimit();
        DnsResolver guardedResolver = new DnsResolver() {
            @Override
            public InetAddress[] resolve(String host) throws UnknownHostException {
                // A refusal is a RefusedAddressException (an UnknownHostException): no connection is attempted.
                return guard.resolve(host, InetAddress::getAllByName).toArray(InetAddress[]::new);
            }

            @Override
            public String resolveCanonicalHostname(String host) {
                return host;
            }
        };
        this.client = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setDnsResolver(guardedResolver)
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(Timeout.of(settings.connectTimeout()))
                                .setSocketTimeout(Timeout.of(settings.totalTimeout()))
                                .build())
                        // Every delivery thread may call one host (many organizations share SaaS hosts): a thread
                        // never waits for a connection another organization's slow requests hold.
                        .setMaxConnTotal(Math.max(64, 2 * settings.concurrency()))
                        .setMaxConnPerRoute(settings.concurrency())
                        .build())
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setRedirectsEnabled(false)
                        .setResponseTimeout(Timeout.of(settings.totalTimeout()))
                        .setConnectionRequestTimeout(Timeout.of(settings.connectTimeout()))
                        .build())
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .disableCookieManagement()
                .disableAuthCaching()
                .disableContentCompression()
                .build();
    }

    /**
     * Created in Lambda's init phase where init is ahead of the requests ({@link InitPhase}), not on the first
     * delivery: the connection pool and TLS set-up are then in the SnapStart snapshot or the provisioned instance.
     * Static, so that an on-demand start does not create it here.
     */
    static void createInTheInitPhase(@Observes StartupEvent startup, Instance<WebhookTransport> transport) {
        if (InitPhase.isAheadOfRequests()) {
            ClientProxy.unwrap(transport.get());
        }
    }

    @Override
    public OutboundResponse send(OutboundRequest request, Duration timeout) throws TransportException {
        long limitMillis = timeout.compareTo(Duration.ofMillis(totalTimeoutMillis)) < 0
                ? Math.max(1, timeout.toMillis()) : totalTimeoutMillis;
        URI uri;
        try {
            uri = URI.create(request.url());
        } catch (IllegalArgumentException e) {
            throw new TransportException(FailureCode.ConnectionError, "Invalid URL: " + e.getMessage(), e);
        }
        refuseObfuscatedLiterals(uri);
        HttpUriRequestBase http = new HttpUriRequestBase(request.method().name(), uri);
        for (Map.Entry<String, String> header : request.headers()) {
            http.addHeader(header.getKey(), header.getValue());
        }
        if (request.body() != null) {
            http.setEntity(new StringEntity(request.body(), ContentType.parse(request.contentType())
                    .withCharset(StandardCharsets.UTF_8)));
        }
        AtomicBoolean timedOut = new AtomicBoolean();
        ScheduledFuture<?> deadline = deadlines.schedule(() -> {
            timedOut.set(true);
            http.cancel();
        }, limitMillis, TimeUnit.MILLISECONDS);
        try (ClassicHttpResponse response = client.executeOpen(null, http, null)) {
            Map<String, String> headers = new HashMap<>();
            for (Header header : response.getHeaders()) {
                headers.putIfAbsent(header.getName().toLowerCase(Locale.ROOT), header.getValue());
            }
            return new OutboundResponse(response.getCode(), headers, readLimited(response.getEntity()));
        } catch (IOException | RuntimeException e) {
            throw classify(e, timedOut.get());
        } finally {
            deadline.cancel(false);
        }
    }

    /**
     * IP literals never reach the resolver when written in a form Java parses itself, so they are checked here as
     * well; host names are checked in the resolver.
     */
    private void refuseObfuscatedLiterals(URI uri) throws TransportException {
        String host = uri.getHost();
        if (host == null) {
            // java.net.URI yields no host for forms such as http://127.1/ that some resolvers read as addresses.
            throw new TransportException(FailureCode.SsrfBlocked, "URL has no host this service can verify: "
                    + uri.getRawAuthority(), null);
        }
        if (host.startsWith("[") || Character.isDigit(host.charAt(0))) {
            try {
                guard.resolve(host, name -> {
                    throw new UnknownHostException(name);
                });
            } catch (RefusedAddressException e) {
                throw new TransportException(FailureCode.SsrfBlocked, e.getMessage(), null);
            } catch (UnknownHostException e) {
                // Not a literal after all: the resolver decides.
            }
        }
    }

    private String readLimited(HttpEntity entity) throws IOException {
        if (entity == null) {
            return null;
        }
        try (InputStream in = entity.getContent()) {
            byte[] bytes = in.readNBytes(bodyLimit);
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    private static TransportException classify(Exception e, boolean timedOut) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof RefusedAddressException refused) {
                return new TransportException(FailureCode.SsrfBlocked, refused.getMessage(), null);
            }
        }
        if (timedOut || e instanceof InterruptedIOException) {
            return new TransportException(FailureCode.Timeout, "No complete answer in time", e);
        }
        // Only failures that happen before a byte of the request is written are ConnectionError: the in-invocation
        // retry repeats those alone, so it never duplicates a request the endpoint may have seen.
        if (e instanceof SSLHandshakeException) {
            return new TransportException(FailureCode.ConnectionError, "TLS handshake failed: " + e.getMessage(), e);
        }
        if (e instanceof UnknownHostException) {
            return new TransportException(FailureCode.ConnectionError, "Unknown host: " + e.getMessage(), e);
        }
        if (e instanceof ConnectException || e instanceof NoRouteToHostException) {
            return new TransportException(FailureCode.ConnectionError, "Connection failed: " + e.getMessage(), e);
        }
        return new TransportException(FailureCode.ConnectionLost, "Connection lost after the request was sent ("
                + e.getClass().getSimpleName() + ": " + e.getMessage() + ")", e);
    }

    @PreDestroy
    void close() throws IOException {
        deadlines.shutdownNow();
        client.close();
    }
}

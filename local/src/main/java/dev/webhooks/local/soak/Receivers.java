package dev.webhooks.local.soak;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import dev.webhooks.local.soak.ChaosReceiver.Answer;
import dev.webhooks.local.soak.ChaosReceiver.Received;

/**
 * The soak's endpoints: one misbehaving receiver per organization, each on a loopback address of its own (a host of
 * its own, as customers' endpoints are), and three special ones, each a host of its own too: an endpoint that
 * answers 410 (organization 0's first config), one that takes 5 s (organization 1's first config) and one that is
 * down for a while (organization 2's first config). Each organization's receiver also serves its OAuth token
 * endpoint, which always answers: with a token of the config whose client secret it got ({@link Destinations}), or
 * 401 for a secret it was not given.
 */
final class Receivers implements AutoCloseable {

    /** Shares of the answers: 20 % 5xx, 5 % no answer, 5 % reset after reading the request, 5 % 429, the rest 200. */
    static final double SERVER_ERRORS = 0.20;
    static final double TIMEOUTS = 0.05;
    static final double RESETS = 0.05;
    static final double TOO_MANY = 0.05;

    private static final String GONE_PATH = "/gone";
    private static final String SLOW_PATH = "/slow";
    private static final String TOKEN_PATH = "/oauth/token";

    private final List<ChaosReceiver> organizations;
    private final ChaosReceiver gone;
    private final ChaosReceiver slow;
    private final ChaosReceiver down;
    private final Queue<String> unauthentic;
    private volatile boolean downEndpointCameUp;

    private Receivers(List<ChaosReceiver> organizations, ChaosReceiver gone, ChaosReceiver slow,
            ChaosReceiver down, Queue<String> unauthentic) {
        this.organizations = organizations;
        this.gone = gone;
        this.slow = slow;
        this.down = down;
        this.unauthentic = unauthentic;
    }

    static Receivers start(SoakPlan plan, Random random, Destinations destinations) {
        Queue<String> unauthentic = new ConcurrentLinkedQueue<>();
        List<ChaosReceiver> receivers = new ArrayList<>();
        for (int organization = 0; organization < plan.organizations(); organization++) {
            Random own = new Random(random.nextLong());
            receivers.add(ChaosReceiver.start("org-" + organization, "127.0.1." + (organization + 1),
                    checking(destinations, unauthentic, request -> answer(request, own, destinations))));
        }
        ChaosReceiver gone = ChaosReceiver.start("gone", "127.0.2.1",
                checking(destinations, unauthentic, request -> Answer.status(410)));
        ChaosReceiver slow = ChaosReceiver.start("slow", "127.0.2.2", checking(destinations, unauthentic,
                request -> new Answer.Respond(200, Map.of(), "{\"ok\":true}", Duration.ofSeconds(5))));
        ChaosReceiver down = ChaosReceiver.start("down", "127.0.2.3",
                checking(destinations, unauthentic, request -> Answer.ok()));
        return new Receivers(receivers, gone, slow, down, unauthentic);
    }

    /**
     * Checks each request as it arrives, as a receiver verifies a webhook, before misbehaving: whatever the answer, a
     * delivery not signed and authenticated as its config's, or a token request with a client secret its endpoint was
     * not given, goes to {@code unauthentic}; so does a check that fails.
     */
    private static Function<Received, Answer> checking(Destinations destinations, Queue<String> unauthentic,
            Function<Received, Answer> behaviour) {
        return request -> {
            String webhookId = request.header("webhook-id");
            try {
                if (webhookId != null) {
                    destinations.problem(request).ifPresent(problem -> unauthentic.add(webhookId + ": " + problem));
                } else if (request.path().startsWith(TOKEN_PATH) && destinations.tokenFor(request).isEmpty()) {
                    unauthentic.add(request.path() + ": a token request without a client secret it was given");
                }
            } catch (RuntimeException e) {
                unauthentic.add(request.path() + ": the check failed: " + e);
            }
            return behaviour.apply(request);
        };
    }

    /** The answer to one request to an organization's receiver: its token endpoint, or the misbehaviour shares. */
    static Answer answer(Received request, Random random, Destinations destinations) {
        if (request.path().startsWith(TOKEN_PATH)) {
            return destinations.tokenFor(request).<Answer>map(token -> new Answer.Respond(200, Map.of(),
                    "{\"access_token\":\"" + token + "\",\"token_type\":\"Bearer\",\"expires_in\":3600}",
                    Duration.ZERO)).orElseGet(() -> Answer.status(401));
        }
        double roll;
        synchronized (random) {
            roll = random.nextDouble();
        }
        if (roll < SERVER_ERRORS) {
            return Answer.status(new int[] {500, 502, 503}[(int) (roll * 1000) % 3]);
        }
        if (roll < SERVER_ERRORS + TIMEOUTS) {
            return new Answer.Hang();
        }
        if (roll < SERVER_ERRORS + TIMEOUTS + RESETS) {
            return new Answer.Reset();
        }
        if (roll < SERVER_ERRORS + TIMEOUTS + RESETS + TOO_MANY) {
            // Longer than the first retry step, so that the dispatcher's honouring of it shows.
            return new Answer.Respond(429, Map.of("Retry-After", "3"), "{\"slow\":\"down\"}", Duration.ZERO);
        }
        return Answer.ok();
    }

    /** The URL of an organization's {@code n}th config ({@code number} counts all configs). */
    String urlFor(int organization, int n, int number) {
        if (n == 0 && organization == 0) {
            return gone.url(GONE_PATH + "/" + number);
        }
        if (n == 0 && organization == 1) {
            return slow.url(SLOW_PATH + "/" + number);
        }
        if (n == 0 && organization == 2) {
            return down.url("/down/" + number);
        }
        return organizations.get(organization).url("/hooks/" + number);
    }

    /** The URL of an organization's OAuth token endpoint; {@link Destinations} keys it by its path. */
    String tokenUrl(int organization) {
        return organizations.get(organization).url(TOKEN_PATH + "/" + organization);
    }

    boolean isGone(String url) {
        return url.contains(GONE_PATH + "/");
    }

    boolean isSlow(String url) {
        return url.contains(SLOW_PATH + "/");
    }

    void downEndpointGoesDown() {
        down.goDown();
    }

    void downEndpointComesUp() {
        down.comeUp();
        downEndpointCameUp = true;
    }

    boolean downEndpointCameUp() {
        return downEndpointCameUp;
    }

    /**
     * The deliveries that were not signed or authenticated as their config's when they arrived, and the token
     * requests refused, each with why.
     */
    List<String> unauthentic() {
        return List.copyOf(unauthentic);
    }

    /** How often each {@code webhook-id} got a 2xx answer, over every receiver. */
    Map<String, Long> successfulDeliveriesByWebhookId() {
        return deliveries().filter(Received::answeredSuccess)
                .collect(Collectors.groupingBy(request -> request.header("webhook-id"), Collectors.counting()));
    }

    /** How often each {@code webhook-id} reached a receiver at all, whatever the answer. */
    Map<String, Long> requestsByWebhookId() {
        return deliveries().collect(Collectors.groupingBy(request -> request.header("webhook-id"),
                Collectors.counting()));
    }

    /** The receivers' answers to deliveries by kind, to show that each misbehaviour happened. */
    Map<String, Long> answersByKind() {
        return deliveries().collect(Collectors.groupingBy(Receivers::kind, TreeMap::new, Collectors.counting()));
    }

    private static String kind(Received request) {
        Answer answer = request.answer();
        if (answer instanceof Answer.Reset) {
            return "reset";
        }
        if (answer instanceof Answer.Hang) {
            return "no answer";
        }
        Answer.Respond respond = (Answer.Respond) answer;
        if (!respond.delay().isZero()) {
            return "slow " + respond.status();
        }
        return respond.status() / 100 == 5 ? "5xx" : Integer.toString(respond.status());
    }

    /** Every delivery the receivers read (the token endpoint's requests carry no {@code webhook-id}). */
    Stream<Received> deliveries() {
        return requests().filter(request -> request.header("webhook-id") != null);
    }

    /** Every request the receivers read: deliveries and token requests. */
    Stream<Received> requests() {
        return Stream.of(organizations.stream(), Stream.of(gone, slow, down)).flatMap(receivers -> receivers)
                .flatMap(receiver -> receiver.received().stream());
    }

    @Override
    public void close() {
        organizations.forEach(ChaosReceiver::close);
        gone.close();
        slow.close();
        down.close();
    }
}

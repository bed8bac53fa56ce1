package dev.webhooks.core.config;

import java.util.List;

/**
 * Contract fields stored as the client sent them. The API validates their shape, stores them and returns them, so
 * that a client generated from the epilot OpenAPI file round-trips its data. Two of them act on deliveries:
 * {@code jsonataExpression} transforms the payload ({@link WebhookConfig#jsonataExpression()}) and
 * {@code payloadConfiguration.custom_headers} are sent with it (kept apart as secrets, {@link CustomHeaders}). The
 * others belong to epilot's platform (entity hydration, static IPs, its VPC proxy, manifests, event catalog versions,
 * file delivery) and the dispatcher gives them no meaning (README, "Compatibility").
 */
public final class PassThroughFields {

    public static final String PAYLOAD_CONFIGURATION = "payloadConfiguration";
    /** Inside {@link #PAYLOAD_CONFIGURATION}: header names and values to send with every delivery. */
    public static final String CUSTOM_HEADERS = "custom_headers";
    public static final String ENABLE_STATIC_IP = "enableStaticIP";
    public static final String PROTECTED = "protected";
    public static final String SECURE_PROXY = "secureProxy";
    public static final String MANIFEST = "_manifest";
    public static final String EVENT_VERSION = "eventVersion";
    public static final String JSONATA_EXPRESSION = "jsonataExpression";
    public static final String DELIVERY_MODE = "deliveryMode";
    public static final String MULTIPART_CONFIG = "multipartConfig";

    public static final List<String> ALL = List.of(PAYLOAD_CONFIGURATION, ENABLE_STATIC_IP, PROTECTED, SECURE_PROXY,
            MANIFEST, EVENT_VERSION, JSONATA_EXPRESSION, DELIVERY_MODE, MULTIPART_CONFIG);

    private PassThroughFields() {
    }
}

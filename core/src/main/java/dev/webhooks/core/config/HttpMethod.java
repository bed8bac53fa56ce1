package dev.webhooks.core.config;

/** The HTTP methods a webhook or an OAuth token request may use (OpenAPI {@code HttpMethod}). */
public enum HttpMethod {
    GET, POST, PUT, PATCH, DELETE, OPTIONS, HEAD
}

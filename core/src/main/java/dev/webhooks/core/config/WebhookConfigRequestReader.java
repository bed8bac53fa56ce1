package dev.webhooks.core.config;

import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.webhooks.core.error.FieldError;
import dev.webhooks.core.event.ConfiguredEvent;
import dev.webhooks.core.event.EventCatalog;
import dev.webhooks.core.event.EventSchema.PathTarget;
import dev.webhooks.core.event.EventSchema;
import dev.webhooks.core.filter.Condition;
import dev.webhooks.core.filter.ConditionGroup;
import dev.webhooks.core.filter.Filter;
import dev.webhooks.core.filter.FilterEngine;

/**
 * Turns the JSON body of a create or update request into a {@link WebhookConfigRequest}, or refuses it with a
 * {@link dev.webhooks.core.error.ValidationException} that lists every failing field. Unknown fields and the
 * read-only ones ({@code id}, {@code creationTime}, {@code status}, {@code signingSecret}, ...) are ignored.
 */
public final class WebhookConfigRequestReader {

    /** RFC 9110 token: the characters an HTTP header name may contain. */
    private static final Pattern EVENT_VERSION = Pattern.compile("^\\d+\\.\\d+$");
    private static final int SUGGESTIONS = 3;

    /** Create requires every secret; update keeps a secret the request leaves out. */
    public enum Mode {
        CREATE, UPDATE
    }

    private final EventCatalog catalog;
    private final boolean allowPlainHttp;

    /**
     * @param allowPlainHttp accept {@code http://} endpoints; only local runs turn this on, deployed services require
     *        HTTPS as the product description does
     */
    public WebhookConfigRequestReader(EventCatalog catalog, boolean allowPlainHttp) {
        this.catalog = catalog;
        this.allowPlainHttp = allowPlainHttp;
    }

    public WebhookConfigRequest read(JsonNode body, Mode mode) {
        JsonFieldReader in = new JsonFieldReader();
        if (body == null || !body.isObject()) {
            in.reject("body", "must be a JSON object");
            in.throwIfAny();
        }
        String name = in.text(body, "name", "name", false, ConfigLimits.MAX_NAME_LENGTH);
        if (name != null && name.isBlank()) {
            in.reject("name", "must not be blank");
        }
        String eventName = in.text(body, "eventName", "eventName", true, ConfigLimits.MAX_NAME_LENGTH);
        EventSchema schema = null;
        if (eventName != null) {
            ConfiguredEvent event = catalog.find(eventName).orElse(null);
            if (event == null) {
                in.reject("eventName", "must be one of the configured events: "
                        + String.join(", ", catalog.events().stream().map(ConfiguredEvent::eventName).toList()));
            } else {
                schema = event.schema();
            }
        }
        String url = endpointUrl(in, body, "url", "url", allowPlainHttp);
        HttpMethod httpMethod = in.enumeration(body, "httpMethod", "httpMethod", true, HttpMethod.class, false);
        Boolean enabled = in.bool(body, "enabled", "enabled");
        AuthInput auth = auth(in, body, mode);
        Filter filter = filter(in, body, schema);
        ConditionGroup conditions = conditionGroup(in, body, schema);
        RetryPolicy retryPolicy = retryPolicy(in, body);
        ObjectNode passThrough = passThrough(in, body);
        Integer rateLimit = rateLimit(in, body);
        java.util.Map<String, String> customHeaders = customHeaders(passThrough);
        if (auth != null && auth.type() == AuthType.API_KEY && auth.principal() != null) {
            customHeaders.keySet().stream().filter(header -> header.equalsIgnoreCase(auth.principal()))
                    .forEach(header -> in.reject(PassThroughFields.PAYLOAD_CONFIGURATION + "."
                            + PassThroughFields.CUSTOM_HEADERS + "." + header,
                            "must not be the API key's header (apiKeyConfig.keyName)"));
        }
        in.throwIfAny();
        return new WebhookConfigRequest(name, eventName, url, httpMethod, enabled, auth, filter, conditions,
                retryPolicy, withoutCustomHeaders(passThrough), rateLimit, customHeaders);
    }

    /**
     * Reads only {@code filter} and {@code filterConditions} of a body, with the same rules as {@link #read}: the
     * filter test (our extension) validates what it evaluates exactly as a config would be validated.
     *
     * @param eventName the event whose schema the paths are checked against, or {@code null} to check only their form
     *        (a filter tested against a literal payload has no event to check against)
     * @throws dev.webhooks.core.error.ValidationException listing every failing field
     */
    public Filters readFilters(JsonNode body, String eventName) {
        JsonFieldReader in = new JsonFieldReader();
        if (body == null || !body.isObject()) {
            in.reject("body", "must be a JSON object");
            in.throwIfAny();
        }
        EventSchema schema = eventName == null ? null
                : catalog.find(eventName).map(ConfiguredEvent::schema).orElse(null);
        Filter filter = filter(in, body, schema);
        ConditionGroup conditions = conditionGroup(in, body, schema);
        in.throwIfAny();
        return new Filters(filter, conditions);
    }

    /**
     * A body's {@code jsonataExpression} (a payload transform), validated as a config's is; {@code null} when the body
     * has none.
     *
     * @throws ValidationException naming the field when it is not a string, too long, does not parse, or may not run
     */
    public String readTransform(JsonNode body) {
        JsonFieldReader in = new JsonFieldReader();
        String expression = transform(in, body);
        in.throwIfAny();
        return expression;
    }

    private static String transform(JsonFieldReader in, JsonNode body) {
        String jsonata = in.text(body, PassThroughFields.JSONATA_EXPRESSION, PassThroughFields.JSONATA_EXPRESSION,
                false, Condition.MAX_JSONATA_LENGTH);
        if (jsonata == null) {
            return null;
        }
        String syntaxError = FilterEngine.jsonataSyntaxError(jsonata);
        if (syntaxError != null) {
            in.reject(PassThroughFields.JSONATA_EXPRESSION, "is not valid JSONata: " + syntaxError);
            return null;
        }
        return jsonata;
    }

    /** A body's {@code filter} and {@code filterConditions}; either is {@code null} when the body has none. */
    public record Filters(Filter filter, ConditionGroup filterConditions) {
    }

    private static String endpointUrl(JsonFieldReader in, JsonNode parent, String name, String path,
            boolean allowPlainHttp) {
        String text = in.text(parent, name, path, true, ConfigLimits.MAX_URL_LENGTH);
        if (text == null) {
            return null;
        }
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            in.reject(path, "is not a valid URL: " + e.getReason());
            return null;
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!uri.isAbsolute() || uri.getHost() == null) {
            in.reject(path, "must be an absolute URL with a host, such as https://example.com/webhooks");
        } else if (scheme.equals("http") && !allowPlainHttp) {
            in.reject(path, "must use https: plain http is not allowed");
        } else if (!scheme.equals("https") && !scheme.equals("http")) {
            in.reject(path, "must use https");
        } else if (uri.getFragment() != null) {
            in.reject(path, "must not contain a fragment (#...)");
        } else {
            return text;
        }
        return null;
    }

    private AuthInput auth(JsonFieldReader in, JsonNode body, Mode mode) {
        JsonNode auth = in.object(body, "auth", "auth", true);
        if (auth == null) {
            return null;
        }
        AuthType type = in.enumeration(auth, "authType", "auth.authType", true, AuthType.class, false);
        if (type == null) {
            return null;
        }
        return switch (type) {
            case NONE -> new AuthInput(AuthType.NONE, null, false, SecretInput.KEEP, null, null, List.of());
            case BASIC -> {
                JsonNode config = in.object(auth, "basicAuthConfig", "auth.basicAuthConfig", true);
                if (config == null) {
                    yield null;
                }
                String username = in.text(config, "username", "auth.basicAuthConfig.username", true,
                        ConfigLimits.MAX_NAME_LENGTH);
                SecretInput password = secret(in, config, "password", "auth.basicAuthConfig.password", mode);
                Boolean envVar = in.bool(config, "passwordIsEnvVar", "auth.basicAuthConfig.passwordIsEnvVar");
                yield new AuthInput(type, username, Boolean.TRUE.equals(envVar), password, null, null, List.of());
            }
            case API_KEY -> {
                JsonNode config = in.object(auth, "apiKeyConfig", "auth.apiKeyConfig", true);
                if (config == null) {
                    yield null;
                }
                String keyName = in.text(config, "keyName", "auth.apiKeyConfig.keyName", true,
                        ConfigLimits.MAX_NAME_LENGTH);
                String keyNameProblem = keyName == null ? null : HeaderNames.problem(keyName);
                if (keyNameProblem != null) {
                    in.reject("auth.apiKeyConfig.keyName", keyNameProblem);
                }
                SecretInput keyValue = secret(in, config, "keyValue", "auth.apiKeyConfig.keyValue", mode);
                Boolean envVar = in.bool(config, "keyValueIsEnvVar", "auth.apiKeyConfig.keyValueIsEnvVar");
                yield new AuthInput(type, keyName, Boolean.TRUE.equals(envVar), keyValue, null, null, List.of());
            }
            case OAUTH_CLIENT_CREDENTIALS -> {
                JsonNode config = in.object(auth, "oauthConfig", "auth.oauthConfig", true);
                if (config == null) {
                    yield null;
                }
                String clientId = in.text(config, "clientId", "auth.oauthConfig.clientId", true,
                        ConfigLimits.MAX_TEXT_LENGTH);
                SecretInput clientSecret = secret(in, config, "clientSecret", "auth.oauthConfig.clientSecret", mode);
                Boolean envVar = in.bool(config, "clientSecretIsEnvVar", "auth.oauthConfig.clientSecretIsEnvVar");
                String endpoint = endpointUrl(in, config, "endpoint", "auth.oauthConfig.endpoint", allowPlainHttp);
                HttpMethod method = in.enumeration(config, "httpMethod", "auth.oauthConfig.httpMethod", true,
                        HttpMethod.class, false);
                List<Auth.CustomParameter> parameters = customParameters(in, config);
                yield new AuthInput(type, clientId, Boolean.TRUE.equals(envVar), clientSecret, endpoint, method,
                        parameters);
            }
        };
    }

    private static SecretInput secret(JsonFieldReader in, JsonNode config, String name, String path, Mode mode) {
        SecretInput secret = in.secret(config, name, path);
        if (mode == Mode.CREATE && !(secret instanceof SecretInput.Set)) {
            in.reject(path, "is required");
        }
        return secret;
    }

    private static List<Auth.CustomParameter> customParameters(JsonFieldReader in, JsonNode config) {
        String path = "auth.oauthConfig.customParameterList";
        JsonNode list = in.array(config, "customParameterList", path, false);
        List<Auth.CustomParameter> parameters = new ArrayList<>();
        if (list == null) {
            return parameters;
        }
        if (list.size() > ConfigLimits.MAX_CUSTOM_PARAMETERS) {
            in.reject(path, "must have at most " + ConfigLimits.MAX_CUSTOM_PARAMETERS + " entries");
            return parameters;
        }
        for (int i = 0; i < list.size(); i++) {
            String itemPath = path + "[" + i + "]";
            JsonNode item = list.get(i);
            if (!item.isObject()) {
                in.reject(itemPath, "must be an object");
                continue;
            }
            Auth.CustomParameter.Location location = in.enumeration(item, "type", itemPath + ".type", true,
                    Auth.CustomParameter.Location.class, true);
            String key = in.text(item, "key", itemPath + ".key", true, ConfigLimits.MAX_NAME_LENGTH);
            String value = in.text(item, "value", itemPath + ".value", true, ConfigLimits.MAX_TEXT_LENGTH);
            String headerProblem = location == Auth.CustomParameter.Location.HEADER && key != null
                    ? HeaderNames.problem(key) : null;
            if (headerProblem != null) {
                in.reject(itemPath + ".key", headerProblem);
            }
            if (location != null && key != null && value != null) {
                parameters.add(new Auth.CustomParameter(location, key, value));
            }
        }
        return parameters;
    }

    private static Filter filter(JsonFieldReader in, JsonNode body, EventSchema schema) {
        JsonNode filter = in.object(body, "filter", "filter", false);
        if (filter == null) {
            return null;
        }
        String key = in.text(filter, "keyToFilter", "filter.keyToFilter", true, ConfigLimits.MAX_PATH_LENGTH);
        if (key != null) {
            checkPath(in, key, "filter.keyToFilter", schema, true);
        }
        JsonNode values = in.array(filter, "supportedValues", "filter.supportedValues", true);
        List<String> supported = strings(in, values, "filter.supportedValues", true);
        if (in.hasErrorsUnder("filter.") || key == null || supported == null) {
            return null;
        }
        return new Filter(key, supported);
    }

    private static List<String> strings(JsonFieldReader in, JsonNode values, String path, boolean nonEmpty) {
        if (values == null) {
            return null;
        }
        if (nonEmpty && values.isEmpty()) {
            in.reject(path, "must contain at least one value");
            return null;
        }
        if (values.size() > ConfigLimits.MAX_SUPPORTED_VALUES) {
            in.reject(path, "must contain at most " + ConfigLimits.MAX_SUPPORTED_VALUES + " values");
            return null;
        }
        List<String> result = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            JsonNode value = values.get(i);
            if (!value.isTextual()) {
                in.reject(path + "[" + i + "]", "must be a string");
            } else if (value.textValue().length() > ConfigLimits.MAX_VALUE_LENGTH) {
                in.reject(path + "[" + i + "]", "must be at most " + ConfigLimits.MAX_VALUE_LENGTH + " characters");
            } else {
                result.add(value.textValue());
            }
        }
        return result;
    }

    /**
     * Refuses a path with empty segments, and a path the event's schema does not declare, naming the closest
     * declared ones. A classic filter compares values, so it may not end on an object.
     */
    private static void checkPath(JsonFieldReader in, String path, String field, EventSchema schema,
            boolean mustBeValue) {
        if (EventSchema.segments(path).stream().anyMatch(String::isEmpty)) {
            in.reject(field, "must be a dot path such as customer_request.request_items.product_category "
                    + "(no empty segments)");
            return;
        }
        if (schema == null) {
            return;
        }
        PathTarget target = schema.resolve(path);
        if (target == PathTarget.MISSING) {
            in.reject(field, "'" + path + "' is not a field of this event; closest valid paths: "
                    + String.join(", ", schema.closest(path, SUGGESTIONS)));
        } else if (mustBeValue && target == PathTarget.OBJECT) {
            in.reject(field, "'" + path + "' names an object, which never equals a value; closest valid paths: "
                    + String.join(", ", schema.closest(path, SUGGESTIONS)));
        }
    }

    private ConditionGroup conditionGroup(JsonFieldReader in, JsonNode body, EventSchema schema) {
        JsonNode group = in.object(body, "filterConditions", "filterConditions", false);
        if (group == null) {
            return null;
        }
        ConditionGroup.LogicalOperator operator = in.enumeration(group, "logical_operator",
                "filterConditions.logical_operator", false, ConditionGroup.LogicalOperator.class, false);
        JsonNode list = in.array(group, "conditions", "filterConditions.conditions", false);
        List<Condition> conditions = new ArrayList<>();
        if (list != null && list.size() > ConditionGroup.MAX_CONDITIONS) {
            in.reject("filterConditions.conditions", "must have at most " + ConditionGroup.MAX_CONDITIONS
                    + " conditions");
        } else if (list != null) {
            for (int i = 0; i < list.size(); i++) {
                Condition condition = condition(in, list.get(i), "filterConditions.conditions[" + i + "]", schema);
                if (condition != null) {
                    conditions.add(condition);
                }
            }
        }
        return new ConditionGroup(conditions, operator == null ? ConditionGroup.LogicalOperator.AND : operator);
    }

    private Condition condition(JsonFieldReader in, JsonNode node, String path, EventSchema schema) {
        if (!node.isObject()) {
            in.reject(path, "must be an object");
            return null;
        }
        Condition.FieldType fieldType = in.enumeration(node, "field_type", path + ".field_type", false,
                Condition.FieldType.class, true);
        Boolean isArray = in.bool(node, "is_array_field", path + ".is_array_field");
        Boolean perItem = in.bool(node, "repeatable_item_op", path + ".repeatable_item_op");
        if (node.hasNonNull("jsonata_expression")) {
            String expression = in.text(node, "jsonata_expression", path + ".jsonata_expression", true,
                    Condition.MAX_JSONATA_LENGTH);
            if (node.hasNonNull("field") || node.hasNonNull("operation")) {
                in.reject(path, "jsonata_expression and field/operation are mutually exclusive: use one form");
                return null;
            }
            String syntaxError = expression == null ? null : FilterEngine.jsonataSyntaxError(expression);
            if (syntaxError != null) {
                in.reject(path + ".jsonata_expression", "is not valid JSONata: " + syntaxError);
                return null;
            }
            return expression == null ? null
                    : new Condition(null, null, List.of(), fieldType, false, false, expression);
        }
        String field = in.text(node, "field", path + ".field", true, ConfigLimits.MAX_PATH_LENGTH);
        if (field != null) {
            checkPath(in, field, path + ".field", schema, false);
        }
        Condition.Operation operation = in.enumeration(node, "operation", path + ".operation", true,
                Condition.Operation.class, true);
        List<String> values = strings(in, in.array(node, "values", path + ".values", false), path + ".values", false);
        if (operation != null) {
            checkValues(in, operation, fieldType == null ? Condition.FieldType.STRING : fieldType,
                    values == null ? List.of() : values, path + ".values");
        }
        if (field == null || operation == null || in.hasErrorsUnder(path)) {
            return null;
        }
        return new Condition(field, operation, values, fieldType, Boolean.TRUE.equals(isArray),
                Boolean.TRUE.equals(perItem), null);
    }

    private static void checkValues(JsonFieldReader in, Condition.Operation operation, Condition.FieldType type,
            List<String> values, String path) {
        if (!operation.needsValues()) {
            return;
        }
        if (values.isEmpty()) {
            in.reject(path, "must contain at least one value for operation " + operation.wireName());
            return;
        }
        if (operation.comparesLength()) {
            if (!values.get(0).matches("\\d{1,9}")) {
                in.reject(path + "[0]", "must be a non-negative integer for operation " + operation.wireName());
            }
            return;
        }
        for (int i = 0; i < values.size(); i++) {
            String reason = typeMismatch(type, values.get(i));
            if (reason != null) {
                in.reject(path + "[" + i + "]", reason);
            }
        }
    }

    /** Why a value cannot be compared as {@code type}, or {@code null} when it can. */
    private static String typeMismatch(Condition.FieldType type, String value) {
        try {
            switch (type) {
                case NUMBER -> new BigDecimal(value);
                case BOOLEAN -> {
                    if (!value.equals("true") && !value.equals("false")) {
                        return "must be true or false for field_type boolean";
                    }
                }
                case DATE -> LocalDate.parse(value);
                case DATETIME -> OffsetDateTime.parse(value);
                case STRING -> {
                }
            }
            return null;
        } catch (NumberFormatException e) {
            return "must be a number for field_type number";
        } catch (DateTimeParseException e) {
            return type == Condition.FieldType.DATE ? "must be a date (YYYY-MM-DD) for field_type date"
                    : "must be an ISO-8601 timestamp with offset for field_type datetime";
        }
    }

    private static RetryPolicy retryPolicy(JsonFieldReader in, JsonNode body) {
        JsonNode policy = in.object(body, "retryPolicy", "retryPolicy", false);
        if (policy == null) {
            return null;
        }
        Boolean enabled = in.bool(policy, "enabled", "retryPolicy.enabled");
        if (enabled == null && !policy.hasNonNull("enabled")) {
            in.reject("retryPolicy.enabled", "is required");
        }
        int attempts = RetryPolicy.DEFAULT_ATTEMPTS;
        JsonNode max = policy.get("maxAttempts");
        if (max != null && !max.isNull()) {
            if (!max.canConvertToExactIntegral() || !max.canConvertToInt() || max.asInt() < RetryPolicy.MIN_ATTEMPTS
                    || max.asInt() > RetryPolicy.MAX_ATTEMPTS) {
                in.reject("retryPolicy.maxAttempts", "must be an integer from " + RetryPolicy.MIN_ATTEMPTS + " to "
                        + RetryPolicy.MAX_ATTEMPTS);
            } else {
                attempts = max.asInt();
            }
        }
        return enabled == null ? null : new RetryPolicy(enabled, attempts);
    }

    /** {@code rateLimitPerSecond}, our extension: deliveries over it are delayed through the queue, never dropped. */
    private static Integer rateLimit(JsonFieldReader in, JsonNode body) {
        JsonNode limit = body.get("rateLimitPerSecond");
        if (limit == null || limit.isNull()) {
            return null;
        }
        if (!limit.canConvertToExactIntegral() || !limit.canConvertToInt() || limit.asInt() < 1
                || limit.asInt() > WebhookConfig.MAX_RATE_LIMIT_PER_SECOND) {
            in.reject("rateLimitPerSecond", "must be an integer from 1 to " + WebhookConfig.MAX_RATE_LIMIT_PER_SECOND
                    + ", or null for no limit");
            return null;
        }
        return limit.asInt();
    }

    /**
     * {@code payloadConfiguration.custom_headers}: an object of at most {@value ConfigLimits#MAX_CUSTOM_HEADERS} header
     * names and string values. A name may not be one the service sets itself (framing, hop-by-hop, Content-Type, the
     * signature headers; {@link HeaderNames}) nor {@code Authorization}, which belongs to the config's authentication;
     * a value is one line of at most {@value ConfigLimits#MAX_SECRET_LENGTH} characters.
     */
    private static boolean customHeadersAllowed(JsonFieldReader in, JsonNode payloadConfiguration) {
        String path = PassThroughFields.PAYLOAD_CONFIGURATION + "." + PassThroughFields.CUSTOM_HEADERS;
        JsonNode headers = payloadConfiguration.get(PassThroughFields.CUSTOM_HEADERS);
        if (headers == null || headers.isNull()) {
            return true;
        }
        if (!headers.isObject()) {
            in.reject(path, "must be an object of header names and values");
            return false;
        }
        if (headers.size() > ConfigLimits.MAX_CUSTOM_HEADERS) {
            in.reject(path, "must have at most " + ConfigLimits.MAX_CUSTOM_HEADERS + " headers");
            return false;
        }
        boolean allowed = true;
        for (var header : (Iterable<java.util.Map.Entry<String, JsonNode>>) headers::fields) {
            String name = header.getKey();
            String field = path + "." + name;
            String problem = "authorization".equalsIgnoreCase(name)
                    ? "must not be Authorization: the config's authentication sets it"
                    : HeaderNames.problem(name);
            JsonNode value = header.getValue();
            if (problem == null && !value.isTextual()) {
                problem = "must be a string";
            } else if (problem == null && (value.asText().length() > ConfigLimits.MAX_SECRET_LENGTH
                    || value.asText().chars().anyMatch(c -> c == '\r' || c == '\n' || c == 0))) {
                problem = "must be one line of at most " + ConfigLimits.MAX_SECRET_LENGTH + " characters";
            }
            if (problem != null) {
                in.reject(field, problem);
                allowed = false;
            }
        }
        return allowed;
    }

    /** The custom headers of a validated pass-through object, names to values, in order. */
    private static java.util.Map<String, String> customHeaders(ObjectNode passThrough) {
        java.util.Map<String, String> headers = new java.util.LinkedHashMap<>();
        JsonNode given = passThrough.path(PassThroughFields.PAYLOAD_CONFIGURATION).get(PassThroughFields.CUSTOM_HEADERS);
        if (given != null && given.isObject()) {
            given.fields().forEachRemaining(header -> headers.put(header.getKey(), header.getValue().asText()));
        }
        return headers;
    }

    /** The pass-through object to store: the custom headers are secrets, stored apart and encrypted. */
    private static ObjectNode withoutCustomHeaders(ObjectNode passThrough) {
        ObjectNode stored = passThrough.deepCopy();
        if (stored.get(PassThroughFields.PAYLOAD_CONFIGURATION) instanceof ObjectNode payloadConfiguration) {
            payloadConfiguration.remove(PassThroughFields.CUSTOM_HEADERS);
        }
        return stored;
    }

    private ObjectNode passThrough(JsonFieldReader in, JsonNode body) {
        ObjectNode kept = JsonNodeFactory.instance.objectNode();
        JsonNode payloadConfiguration = in.object(body, PassThroughFields.PAYLOAD_CONFIGURATION,
                PassThroughFields.PAYLOAD_CONFIGURATION, false);
        if (payloadConfiguration != null
                && storable(in, payloadConfiguration, PassThroughFields.PAYLOAD_CONFIGURATION)
                && customHeadersAllowed(in, payloadConfiguration)) {
            kept.set(PassThroughFields.PAYLOAD_CONFIGURATION, payloadConfiguration);
        }
        for (String flag : List.of(PassThroughFields.ENABLE_STATIC_IP, PassThroughFields.PROTECTED)) {
            Boolean value = in.bool(body, flag, flag);
            if (value != null) {
                kept.put(flag, value);
            }
        }
        JsonNode proxy = in.object(body, PassThroughFields.SECURE_PROXY, PassThroughFields.SECURE_PROXY, false);
        if (proxy != null) {
            String integration = in.text(proxy, "integration_id", "secureProxy.integration_id", true,
                    ConfigLimits.MAX_NAME_LENGTH);
            if (integration != null && !isUuid(integration)) {
                in.reject("secureProxy.integration_id", "must be a UUID");
            }
            in.text(proxy, "use_case_slug", "secureProxy.use_case_slug", true, ConfigLimits.MAX_NAME_LENGTH);
            if (storable(in, proxy, PassThroughFields.SECURE_PROXY)) {
                kept.set(PassThroughFields.SECURE_PROXY, proxy);
            }
        }
        JsonNode manifest = in.array(body, PassThroughFields.MANIFEST, PassThroughFields.MANIFEST, false);
        if (manifest != null) {
            if (manifest.size() > ConfigLimits.MAX_MANIFEST_ENTRIES) {
                in.reject(PassThroughFields.MANIFEST, "must have at most " + ConfigLimits.MAX_MANIFEST_ENTRIES
                        + " entries");
            }
            for (int i = 0; i < manifest.size(); i++) {
                if (!manifest.get(i).isTextual() || !isUuid(manifest.get(i).textValue())) {
                    in.reject(PassThroughFields.MANIFEST + "[" + i + "]", "must be a UUID");
                }
            }
            kept.set(PassThroughFields.MANIFEST, manifest);
        }
        String version = in.text(body, PassThroughFields.EVENT_VERSION, PassThroughFields.EVENT_VERSION, false,
                ConfigLimits.MAX_NAME_LENGTH);
        if (version != null) {
            if (EVENT_VERSION.matcher(version).matches()) {
                kept.put(PassThroughFields.EVENT_VERSION, version);
            } else {
                in.reject(PassThroughFields.EVENT_VERSION, "must be MAJOR.MINOR, such as 1.0");
            }
        }
        String jsonata = transform(in, body);
        if (jsonata != null) {
            kept.put(PassThroughFields.JSONATA_EXPRESSION, jsonata);
        }
        String mode = in.text(body, PassThroughFields.DELIVERY_MODE, PassThroughFields.DELIVERY_MODE, false,
                ConfigLimits.MAX_NAME_LENGTH);
        if (mode != null) {
            if (mode.equals("json_base64") || mode.equals("binary_multipart")) {
                kept.put(PassThroughFields.DELIVERY_MODE, mode);
            } else {
                in.reject(PassThroughFields.DELIVERY_MODE, "must be one of json_base64, binary_multipart");
            }
        }
        JsonNode multipart = in.object(body, PassThroughFields.MULTIPART_CONFIG, PassThroughFields.MULTIPART_CONFIG,
                false);
        if (multipart != null && storable(in, multipart, PassThroughFields.MULTIPART_CONFIG)) {
            kept.set(PassThroughFields.MULTIPART_CONFIG, multipart);
        }
        return kept;
    }

    /** Whether DynamoDB can store the free-form {@code value}; if not, the reason is rejected at its path. */
    private static boolean storable(JsonFieldReader in, JsonNode value, String path) {
        FieldError problem = StorableJson.problem(value, path);
        if (problem != null) {
            in.reject(problem.field(), problem.reason());
        }
        return problem == null;
    }

    private static boolean isUuid(String text) {
        try {
            return UUID.fromString(text).toString().equalsIgnoreCase(text);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}

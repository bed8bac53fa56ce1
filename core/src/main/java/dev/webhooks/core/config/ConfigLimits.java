package dev.webhooks.core.config;

/** Size limits of a config request. They keep one config far below DynamoDB's 400 KB item limit. */
public final class ConfigLimits {

    /** Largest request body the API reads; larger bodies are refused with 413. */
    public static final int MAX_BODY_BYTES = 64 * 1024;
    public static final int MAX_URL_LENGTH = 2048;
    public static final int MAX_NAME_LENGTH = 256;
    public static final int MAX_SUPPORTED_VALUES = 100;
    public static final int MAX_VALUE_LENGTH = 256;
    public static final int MAX_PATH_LENGTH = 512;
    public static final int MAX_SECRET_LENGTH = 4096;
    public static final int MAX_TEXT_LENGTH = 1024;
    public static final int MAX_CUSTOM_PARAMETERS = 20;
    public static final int MAX_CUSTOM_HEADERS = 20;
    public static final int MAX_MANIFEST_ENTRIES = 50;

    private ConfigLimits() {
    }
}

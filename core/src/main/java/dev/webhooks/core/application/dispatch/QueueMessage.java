package dev.webhooks.core.application.dispatch;

/** One message of an SQS batch, as the dispatcher needs it. */
public record QueueMessage(String messageId, String body) {
}

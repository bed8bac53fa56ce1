package dev.webhooks.api.testing;

import java.io.UncheckedIOException;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.webhooks.core.application.tools.FilterTestService.Verdict;
import dev.webhooks.core.filter.TransformResult;

/** The filter test's answer: one result for a payload, or one per stored event, newest first. */
public record FilterTestResponse(List<Result> results) {

    static FilterTestResponse of(List<Verdict> verdicts, ObjectMapper mapper) {
        return new FilterTestResponse(verdicts.stream().map(verdict -> {
            TransformResult transform = verdict.transform();
            return new Result(verdict.eventId(),
                    verdict.createdAt() == null ? null : verdict.createdAt().toString(), verdict.result().matched(),
                    verdict.result().failedRule(),
                    transform == null || !transform.succeeded() ? null : json(transform.body(), mapper),
                    transform == null ? null : transform.error());
        }).toList());
    }

    /** A body the transform wrote as JSON itself. */
    private static JsonNode json(String body, ObjectMapper mapper) {
        try {
            return mapper.readTree(body);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @param eventId the stored event tested; absent for a payload sent with the request
     * @param createdAt when the stored event was recorded (ISO-8601); absent for a payload sent with the request
     * @param failedRule the first rule that did not match, {@code null} when the event matched
     * @param transformedPayload the body the webhook would receive: the transform's result, when there is a transform
     *        and the event matched
     * @param transformError why the transform makes no body of this event (the delivery would fail with
     *        {@code TransformError})
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Result(
            @JsonProperty("event_id") String eventId,
            @JsonProperty("created_at") String createdAt,
            boolean matched,
            @JsonProperty("failed_rule") @JsonInclude(JsonInclude.Include.ALWAYS) String failedRule,
            @JsonProperty("transformed_payload") JsonNode transformedPayload,
            @JsonProperty("transform_error") String transformError) {
    }
}

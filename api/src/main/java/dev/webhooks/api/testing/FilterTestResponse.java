package dev.webhooks.api.testing;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import dev.webhooks.core.application.tools.FilterTestService.Verdict;

/** The filter test's answer: one result for a payload, or one per stored event, newest first. */
public record FilterTestResponse(List<Result> results) {

    static FilterTestResponse of(List<Verdict> verdicts) {
        return new FilterTestResponse(verdicts.stream().map(verdict -> new Result(verdict.eventId(),
                verdict.createdAt() == null ? null : verdict.createdAt().toString(), verdict.result().matched(),
                verdict.result().failedRule())).toList());
    }

    /**
     * @param eventId the stored event tested; absent for a payload sent with the request
     * @param createdAt when the stored event was recorded (ISO-8601); absent for a payload sent with the request
     * @param failedRule the first rule that did not match, {@code null} when the event matched
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Result(
            @JsonProperty("event_id") String eventId,
            @JsonProperty("created_at") String createdAt,
            boolean matched,
            @JsonProperty("failed_rule") @JsonInclude(JsonInclude.Include.ALWAYS) String failedRule) {
    }
}

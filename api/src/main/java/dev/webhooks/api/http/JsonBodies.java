package dev.webhooks.api.http;

import java.io.IOException;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.webhooks.core.config.ConfigLimits;
import dev.webhooks.core.error.ClientErrorException;
import dev.webhooks.core.error.ValidationException;

/**
 * Reads request bodies as JSON trees: over the size limit is 413, malformed JSON is 400 with the parser's position.
 * Resources take the raw bytes so that these rules, and not a framework default, decide the answer.
 */
@ApplicationScoped
public class JsonBodies {

    private final ObjectMapper mapper;

    public JsonBodies(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public JsonNode read(byte[] body) {
        if (body == null || body.length == 0) {
            throw new ValidationException("body", "is required: send a JSON object");
        }
        if (body.length > ConfigLimits.MAX_BODY_BYTES) {
            throw new ClientErrorException(413, "Payload too large", "The request body is " + body.length
                    + " bytes; the limit is " + ConfigLimits.MAX_BODY_BYTES);
        }
        try {
            return mapper.readTree(body);
        } catch (JsonProcessingException e) {
            // Some refusals (a nesting or size limit of the parser) come without a location.
            String where = e.getLocation() == null ? ""
                    : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
            throw new ValidationException("body", "is not valid JSON: " + e.getOriginalMessage() + where);
        } catch (IOException e) {
            throw new ValidationException("body", "could not be read");
        }
    }
}

package dev.webhooks.dispatcher;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.empty;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import dev.webhooks.testing.AwsEmulatorsResource;

/** An SQS batch posted to the Lambda mock event server reaches the handler, which reports no failed message. */
@QuarkusTest
@WithTestResource(AwsEmulatorsResource.class)
class SqsEventHandlerTest {

    @Test
    void acknowledgesEveryMessageOfABatch() {
        String batch = """
                {"Records": [
                  {"messageId": "m-1", "receiptHandle": "r-1", "body": "{}", "eventSource": "aws:sqs",
                   "eventSourceARN": "arn:aws:sqs:eu-central-1:000000000000:webhooks-events", "awsRegion": "eu-central-1"}
                ]}
                """;
        given().contentType("application/json").body(batch)
                .when().post()
                .then().statusCode(200)
                .body("batchItemFailures", empty());
    }
}

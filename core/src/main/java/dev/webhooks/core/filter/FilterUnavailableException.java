package dev.webhooks.core.filter;

/**
 * The filter could not be evaluated now: every JSONata evaluator was busy, or the evaluation was interrupted, or a rule
 * failed in a way it never should. This is not a no-match: a delivery whose filter could not run is tried again later,
 * never recorded {@code skipped}. Only an expression's own error or timeout is a no-match.
 */
public final class FilterUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public FilterUnavailableException(String reason) {
        super(reason, null, false, false);
    }
}

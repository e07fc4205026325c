package dev.tollgate.gateway.config;

import io.micronaut.context.exceptions.ConfigurationException;

/** Start-up refused because of one setting; its message is the one line shown to the operator. */
public final class InvalidSettingException extends ConfigurationException {
    private final transient SettingProblem problem;

    public InvalidSettingException(SettingProblem problem) {
        super(problem.line());
        this.problem = problem;
    }

    public SettingProblem problem() {
        return problem;
    }
}

package com.qrrouter.router.internal;

import com.qrrouter.router.FailureCode;
import com.qrrouter.router.Route;
import com.qrrouter.settings.PipelineSettings;

/**
 * Step 3 of a record's path: check the caller. Its one job is to admit a scan only if the team that posted it (the
 * {@code CallerTeam} attribute, which the API sets from the caller's identity and no client can set) is one the route's
 * {@code AllowedTeams} names. Fail closed: no team, or a route that names none, admits nothing. Decides
 * {@code FORBIDDEN_CALLER} (permanent); its reason names the team (or its absence) and the ClientID, never the topic
 * or the QR code (decision 0220). Runs before the idempotency claim, so a foreign team cannot hold or contradict
 * another team's scan. Makes no outside call.
 */
public final class CallerCheckStep {

    /** The route if the record's team may address it. */
    public StepResult<Route> admit(QueuedRecord record, String clientId, Route route) {
        String team = record.callerTeam();
        if (route.admits(team)) {
            return StepResult.next(route);
        }
        String reason;
        if (team == null) {
            reason = "The message carries no CallerTeam, so no team may address ClientID '" + clientId
                    + "' with it (the API sets CallerTeam from the caller's token).";
        } else if (team.equals(PipelineSettings.UNREGISTERED_CALLER)) {
            reason = "The caller's app client belongs to no declared team (CallerTeam '" + team
                    + "'), so it may address no ClientID, '" + clientId + "' included.";
        } else if (route.allowedTeams().isEmpty()) {
            reason = "CallerTeam '" + team + "' may not address ClientID '" + clientId
                    + "': its route names no team in AllowedTeams.";
        } else {
            reason = "CallerTeam '" + team + "' may not address ClientID '" + clientId
                    + "': the team is not in the route's AllowedTeams.";
        }
        return StepResult.end(new Outcome.Parked(FailureCode.FORBIDDEN_CALLER, reason, clientId));
    }
}

package dev.bananagateway.api;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Who owns a task and an Idempotency-Key: a stable name for the IAM principal that signed the
 * request. API Gateway passes the caller's ARN ({@code requestContext.authorizer.iam.userArn}); for
 * an assumed role that ARN names the session ({@code arn:aws:sts::<account>:assumed-role/<role>/<session>}),
 * which changes with every Lambda instance, ECS task or SSO login, so the owner is the role instead:
 * {@code arn:aws:iam::<account>:role/<role>}. An assumed-role ARN does not carry the role's path; role
 * names are unique within an account whatever their path, so the name alone identifies the role.
 * Every other ARN (an IAM user, with its path; the account root; a federated user) is already stable
 * and is the owner as given. A Cognito identity pool's callers all assume one role, so for them the
 * owner is the Cognito identity, not the role.
 */
public final class CallerIdentity {

    /** The one owner of requests that carry no IAM identity (routes without IAM auth, local runs). */
    public static final String ANONYMOUS = "anonymous";

    private static final Pattern ASSUMED_ROLE = Pattern.compile(
            "arn:(aws[a-z-]*):sts::(\\d{12}):assumed-role/([\\w+=,.@-]+)/[\\w+=,.@-]+");

    private CallerIdentity() {
    }

    /**
     * @param userArn the caller's ARN from the IAM authorizer context, or null
     * @param callerId the caller's unique id ({@code AIDA…}, {@code AROA…:session}), used when there is no ARN
     * @param cognitoIdentityId the Cognito identity id when the credentials came from an identity pool, or null
     */
    public static String owner(String userArn, String callerId, String cognitoIdentityId) {
        if (cognitoIdentityId != null && !cognitoIdentityId.isBlank()) {
            return "cognito-identity:" + cognitoIdentityId;
        }
        if (userArn != null && !userArn.isBlank()) {
            Matcher role = ASSUMED_ROLE.matcher(userArn);
            if (role.matches()) {
                return "arn:" + role.group(1) + ":iam::" + role.group(2) + ":role/" + role.group(3);
            }
            return userArn;
        }
        if (callerId != null && !callerId.isBlank()) {
            // an assumed role's id is "<role id>:<session>": the role id alone is stable
            int session = callerId.indexOf(':');
            return session > 0 ? callerId.substring(0, session) : callerId;
        }
        return ANONYMOUS;
    }
}

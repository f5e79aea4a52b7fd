package dev.bananagateway.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every shape of caller API Gateway's IAM authorizer passes, and the owner each becomes: an assumed
 * role owns by its role (whatever the session), everything else by its own stable ARN.
 */
class CallerIdentityTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            // IAM users, with and without a path: the user ARN
            "arn:aws:iam::123456789012:user/alice | - | - | arn:aws:iam::123456789012:user/alice",
            "arn:aws:iam::123456789012:user/division/team/alice | - | - | arn:aws:iam::123456789012:user/division/team/alice",
            // assumed roles: the role, without the session (Lambda, ECS, EC2, SSO, CLI sessions)
            "arn:aws:sts::123456789012:assumed-role/worker/i-0abc123 | AROAEXAMPLEID:i-0abc123 | - | arn:aws:iam::123456789012:role/worker",
            "arn:aws:sts::123456789012:assumed-role/my-fn-role-x1y2/my-fn | - | - | arn:aws:iam::123456789012:role/my-fn-role-x1y2",
            "arn:aws:sts::123456789012:assumed-role/ecsTaskRole/9f8e7d6c5b4a | - | - | arn:aws:iam::123456789012:role/ecsTaskRole",
            "arn:aws:sts::123456789012:assumed-role/AWSReservedSSO_Admin_0123abcd/alice@example.com | - | - | arn:aws:iam::123456789012:role/AWSReservedSSO_Admin_0123abcd",
            "arn:aws:sts::123456789012:assumed-role/role+with=odd,chars.@-/session+=,.@-x | - | - | arn:aws:iam::123456789012:role/role+with=odd,chars.@-",
            // other partitions keep theirs
            "arn:aws-cn:sts::123456789012:assumed-role/worker/s1 | - | - | arn:aws-cn:iam::123456789012:role/worker",
            "arn:aws-us-gov:sts::123456789012:assumed-role/worker/s1 | - | - | arn:aws-us-gov:iam::123456789012:role/worker",
            "arn:aws-us-gov:iam::123456789012:user/bob | - | - | arn:aws-us-gov:iam::123456789012:user/bob",
            // already stable: the account root, a federated user (GetFederationToken)
            "arn:aws:iam::123456789012:root | - | - | arn:aws:iam::123456789012:root",
            "arn:aws:sts::123456789012:federated-user/carol | - | - | arn:aws:sts::123456789012:federated-user/carol",
            // Cognito identity pool: every identity assumes the pool's role, so the identity owns
            "arn:aws:sts::123456789012:assumed-role/Cognito_PoolAuth_Role/CognitoIdentityCredentials | - | us-east-1:1a2b3c4d-0000-1111-2222-333344445555 | cognito-identity:us-east-1:1a2b3c4d-0000-1111-2222-333344445555",
            // no ARN: the caller id, without an assumed role's session
            "- | AIDAEXAMPLEUSERID | - | AIDAEXAMPLEUSERID",
            "- | AROAEXAMPLEROLEID:session-7 | - | AROAEXAMPLEROLEID",
            // no IAM identity at all
            "- | - | - | anonymous",
            "'' | '' | '' | anonymous" })
    void theOwnerOfEachCallerShape(String userArn, String callerId, String cognitoIdentityId, String owner) {
        assertEquals(owner, CallerIdentity.owner(userArn, callerId, cognitoIdentityId));
    }

    @ParameterizedTest
    @CsvSource({ "s1, s2", "i-0abc, i-0def", "alice@example.com, bob@example.com" })
    void twoSessionsOfOneRoleAreOneOwner(String first, String second) {
        assertEquals(CallerIdentity.owner("arn:aws:sts::123456789012:assumed-role/worker/" + first, null, null),
                CallerIdentity.owner("arn:aws:sts::123456789012:assumed-role/worker/" + second, null, null));
    }
}

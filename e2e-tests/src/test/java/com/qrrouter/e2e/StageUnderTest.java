package com.qrrouter.e2e;

import java.net.URI;

/** The stage a test goes through: where to get a token, where to post, with which machine client. */
interface StageUnderTest {

    URI tokenUri();

    URI messageUri();

    String clientId();

    String clientSecret();
}

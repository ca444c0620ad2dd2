package io.headwater.api;

/** Who a request acts for: the one account its token is scoped to. */
public record Principal(String accountId, String accountName, String accountEmail, String tokenId) {}

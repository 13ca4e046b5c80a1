package io.nearline.services;

import java.util.List;

/** What a policy file import saved, with the check report of each pair and policy. */
public record ImportReport(int pairs, int policies, List<String> checks) {}

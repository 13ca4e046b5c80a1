package io.nearline.drills.probe;

/**
 * What one probe found.
 *
 * @param passed whether the service passed it
 * @param summary one line for people
 * @param evidence what the probe saw (query results, program output), kept with the report
 */
public record ProbeResult(boolean passed, String summary, String evidence) {
  /** Evidence longer than this is cut, and says so: a report stays readable. */
  public static final int EVIDENCE_LIMIT = 8192;

  public ProbeResult {
    evidence = evidence == null ? "" : evidence.length() <= EVIDENCE_LIMIT ? evidence
        : evidence.substring(0, EVIDENCE_LIMIT) + "\n[... " + (evidence.length()
            - EVIDENCE_LIMIT) + " more characters not kept]";
  }

  public static ProbeResult passed(String summary, String evidence) {
    return new ProbeResult(true, summary, evidence);
  }

  public static ProbeResult failed(String summary, String evidence) {
    return new ProbeResult(false, summary, evidence);
  }
}

import { describe, expect, it } from "vitest";
import { displayContent, placeholdersIn, recordHelp, ttlError, variablesNeeded, zoneVariables } from "./records";

describe("record helpers", () => {
  it("shows each type's content shape", () => {
    expect(recordHelp("mx").placeholder).toBe("10 mail.example.com");
    expect(recordHelp("SRV").placeholder).toBe("10 5 5060 sip.example.com");
    expect(recordHelp("CAA").placeholder).toBe('0 issue "letsencrypt.org"');
    expect(recordHelp("TXT").hint).toMatch(/Plain text/);
    expect(recordHelp("SOA")).toEqual({ placeholder: "", hint: "" });
  });

  it("drops the trailing dots of absolute names, not the text of TXT records", () => {
    expect(displayContent("MX", "10 mail.example.com.")).toBe("10 mail.example.com");
    expect(displayContent("SRV", "10 5 5060 sip.example.com.")).toBe("10 5 5060 sip.example.com");
    expect(displayContent("A", "192.0.2.10")).toBe("192.0.2.10");
    expect(displayContent("TXT", '"ends with a dot."')).toBe('"ends with a dot."');
    expect(displayContent("CAA", '0 issue "letsencrypt.org"')).toBe('0 issue "letsencrypt.org"');
  });

  it("takes a blank TTL as the zone's and checks the range", () => {
    expect(ttlError("")).toBeNull();
    expect(ttlError("3600")).toBeNull();
    expect(ttlError("59")).toMatch(/Between 60 and 604800/);
    expect(ttlError("1h")).toMatch(/whole number/);
  });
});

describe("template placeholders", () => {
  const records = [
    { name: "@", content: "{ns1}" },
    { name: "@", content: "{ip}" },
    { name: "{app}", content: "{ip}" },
    { name: "@", content: "10 {mx}" },
    { name: "www", content: "{domain}" },
  ];

  it("lists each placeholder once, in order of use", () => {
    expect(placeholdersIn(records)).toEqual(["ns1", "ip", "app", "mx", "domain"]);
  });

  it("asks the person only for what the panel does not fill in", () => {
    expect(variablesNeeded(records)).toEqual(["ip", "app", "mx"]);
  });

  it("sends only the variables given, trimmed", () => {
    expect(zoneVariables({ ip: " 192.0.2.10 ", ipv6: "", ns2: "  ", mx: "mail.example.com" })).toEqual({ ip: "192.0.2.10", mx: "mail.example.com" });
  });
});

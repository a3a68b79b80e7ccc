using System;
using System.Collections.Generic;
using PhoneNumbers;

namespace RealtimeVoiceAgent.Contacts;

// The endings an email domain can have. A misheard ending ("gmail dot con", "dot co dot uk nine") is otherwise a
// well-formed address, and storing it is the worst outcome: the caller believes they are done. Country endings come from
// libphonenumber's regions; generic ones are the original set plus the new ones people use in practice. An ending not
// listed is refused with a reason, so the model asks the caller to spell it.
internal static class TopLevelDomains
{
    private static readonly HashSet<string> s_countryExtras = new(StringComparer.Ordinal)
    {
        // Endings of places without their own calling region, and the non-ISO ones.
        "uk", "eu", "su", "aq", "bv", "gs", "hm", "pn", "tf", "um",
    };

    // The last line is .example, reserved for documentation (RFC 2606), so examples read as addresses.
    private static readonly HashSet<string> s_generic = new(
        """
        com org net edu gov mil int info biz name pro aero coop museum mobi asia tel travel jobs cat post xxx
        app dev page blog shop store online site website tech cloud email digital studio design media news agency company
        solutions services systems network group global world life live today one xyz top vip icu club space fun run
        art photo photos photography gallery music film movie video games game play team social chat community family
        health care clinic dental doctor fitness yoga law legal lawyer attorney finance financial money bank insurance
        capital fund investments tax accountant consulting management marketing partners ventures holdings enterprises
        business center city town land estate realty properties house homes home garden farm bio eco energy solar green
        academy school education university college training institute courses science technology software engineering
        engineer tools expert guru support help computer hosting host domains codes works work careers
        events wedding party restaurant cafe bar pizza coffee kitchen recipes food wine beer fashion style clothing shoes
        beauty hair salon spa tours holiday hotel flights cab taxi car cars auto bike boats fish pet pets dog
        church faith love dating sexy baby kids toys foundation charity gives ngo ong earth place zone
        nyc london paris berlin tokyo amsterdam barcelona melbourne sydney quebec scot wales bzh swiss africa lat
        google gmail apple microsoft amazon yahoo aol ibm bbc
        example
        """.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries),
        StringComparer.Ordinal);

    private static readonly HashSet<string> s_countries = CreateCountryEndings();

    internal static bool IsKnown(string topLevel) =>
        topLevel.StartsWith("xn--", StringComparison.Ordinal) || s_countries.Contains(topLevel) || s_generic.Contains(topLevel);

    private static HashSet<string> CreateCountryEndings()
    {
        var endings = new HashSet<string>(s_countryExtras, StringComparer.Ordinal);
        foreach (string region in PhoneNumberUtil.GetInstance().GetSupportedRegions())
        {
            endings.Add(region.ToLowerInvariant());
        }

        return endings;
    }
}

/// The words of a name that identify its bearer: not a company-form suffix, not a common word.
///
/// A marked supplier "Kemikonsult Norden AB" is given away by "Kemikonsult" alone, and a marked
/// requester "Karin Sundqvist" by "Sundqvist"; "AB", "Norden" or "Karin" alone give away no one,
/// and looking for them would stop every release that names another firm or an official called
/// Karin. The lists are folded the way `TextReading` folds (lower case, no diacritics).
enum NameParts {
    /// Legal forms and the words that come with them, in Swedish and the languages suppliers to
    /// Swedish regions commonly use.
    static let companyForms: Set<String> = [
        "ab", "abp", "publ", "aktiebolag", "aktiebolaget", "hb", "handelsbolag", "handelsbolaget", "kb", "kommanditbolag",
        "kommanditbolaget", "for", "forening", "foreningen", "ekonomisk", "ekonomiska", "ideell", "ideella",
        "stiftelse", "stiftelsen", "enskild", "firma", "filial", "bolag", "bolaget", "koncern", "koncernen", "holding",
        "group", "gruppen", "oy", "oyj", "as", "asa", "aps", "gmbh", "ag", "kg", "ltd", "limited", "plc", "inc", "llc",
        "llp", "bv", "nv", "sa", "sas", "sarl", "srl", "spa", "co", "company", "corp", "corporation", "se", "sverige",
        "sweden", "svenska", "svensk", "nordic", "nordics", "norden", "scandinavia", "skandinavien", "europe", "europa",
        "international", "intl",
    ]

    /// Common words and given names: none of them alone identifies a firm or a person.
    static let commonWords: Set<String> = [
        // Function words.
        "och", "i", "pa", "av", "for", "med", "till", "fran", "vid", "om", "den", "det", "de", "en", "ett", "the",
        "of", "and", "und", "et", "la", "le", "di", "du", "van", "von", "der", "af", "al",
        // Words of trade that many firms share.
        "konsult", "konsulter", "konsulting", "consulting", "consult", "service", "services", "tjanst", "tjanster",
        "teknik", "teknologi", "technology", "technologies", "tech", "data", "it", "system", "systems", "solutions",
        "losningar", "handel", "trading", "bygg", "byggnads", "entreprenad", "el", "vvs", "medical", "medicin",
        "medicinsk", "medicinska", "care", "vard", "halsa", "health", "partner", "partners", "invest", "industri",
        "industrier", "industries", "produkter", "products", "import", "export", "logistik", "logistics", "transport",
        "miljo", "energi", "fastighet", "fastigheter", "stad", "region", "kommun", "landsting", "nord", "syd", "ost",
        "vast", "norra", "sodra", "ostra", "vastra", "centrum", "center", "centre", "direkt", "office", "kontor",
        "labb", "lab", "laboratorium", "media", "design", "management", "ekonomi", "juridik", "advokat",
        "advokatbyra", "byra", "byran", "ny", "nya", "stora", "lilla", "first", "one", "plus", "pro",
        // Words of procurement itself, which every document uses.
        "leverantor", "leverantorer", "leverantoren", "anbud", "anbudet", "avtal", "avtalet", "upphandling", "inkop",
        "produkt", "material", "utrustning", "forbrukningsmaterial", "varor", "vara", "sjukvard",
        "sjukvards", "kontors", "mobler", "livsmedel", "lakemedel", "bil", "bilar", "fordon", "skog", "mark",
        "kemi", "gel", "papper", "tryck", "trycker", "tryckeri", "stads", "lans", "riks", "folk",
        // Diarium's own words: every release, listing and decision prints them.
        "avsandare", "mottagare", "rubrik", "handling", "handlingen", "handlingens", "innehall", "belopp", "namn",
        "organisationsnummer", "sokande", "sokanden", "rapportor", "enhet", "handlaggare", "beskrivning", "motivering",
        "kontaktuppgift", "adress", "telefon", "epost", "tilldelning", "mottaget", "period", "jav", "anteckning",
        "konkurrens", "sekretess", "maskerat", "maskerad", "forteckning", "begaran", "beslut", "beslutet", "diarium",
        "arende", "arendet", "sida", "sidor", "avgift", "kronor", "kr", "registrator", "registratur", "registraturen",
        "offentlig", "version", "uppgift", "uppgiften", "kammarratten", "overklagande",
        // Surnames that are also common words or places (`ek`, `lund`, `berg`): alone they
        // name no one, so they count only with the given name, in the whole name.
        "ek", "lund", "berg", "holm", "strand", "sten", "bjork", "strom", "sjo", "dal", "lind", "gran", "ask", "alm", "hed",
        "vik", "back", "kvist", "rosen", "falk", "orn", "hammar", "hall", "borg", "kron", "lov", "varg", "hav", "sand",         "ang", "bro", "by", "hem",
        // Given names (SCB's most common); a surname is what tells people apart.
        "anna", "eva", "maria", "karin", "sara", "christina", "lena", "emma", "kerstin", "marie", "malin", "ingrid",
        "jenny", "hanna", "linda", "annika", "susanne", "elin", "monica", "birgitta", "sofia", "johanna", "inger",
        "carina", "elisabeth", "julia", "ulla", "katarina", "linnea", "emelie", "ida", "helena", "camilla", "asa",
        "anneli", "sandra", "gunilla", "anita", "marianne", "margareta", "amanda", "therese", "josefin", "cecilia",
        "caroline", "frida", "lisa", "matilda", "erik", "lars", "karl", "anders", "johan", "per", "nils", "carl",
        "mikael", "jan", "lennart", "hans", "peter", "olof", "gunnar", "sven", "fredrik", "daniel", "bengt", "bo",
        "alexander", "gustav", "goran", "magnus", "stefan", "markus", "andreas", "johannes", "thomas", "mattias",
        "jonas", "oskar", "patrik", "david", "mats", "leif", "bjorn", "ulf", "christer", "henrik", "martin", "kjell",
        "ali", "mohammed", "oscar", "simon", "emil", "anton", "viktor", "william", "filip", "lucas", "axel", "hugo",
        "elias", "adam", "isak", "jakob", "tobias", "robert", "roger", "tommy", "rolf", "stig", "ake", "ingvar",
    ]

    /// Endings a Swedish word takes when inflected: a name followed by one is still the name
    /// (`Sundqvists`, `Kemikonsults`).
    static let inflections: Set<String> = ["s", "n", "ns", "en", "ens", "et", "ets", "ar", "arna", "arnas", "er", "erna", "ernas", "or", "orna"]

    /// Whether a folded word, alone, identifies the bearer of the name it is taken from.
    static func isDistinctive(_ word: String) -> Bool {
        word.count >= 2 && !companyForms.contains(word) && !commonWords.contains(word) && !word.allSatisfy(\.isNumber)
    }
}

using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace JourneyAssistant.Store.Hosting;

/// <summary>Validates the nested "Store:Currency" section, which data-annotation validation of StoreOptions does not descend into.</summary>
internal sealed class CurrencyOptionsValidator : IValidateOptions<StoreOptions>
{
    public ValidateOptionsResult Validate(string? name, StoreOptions options)
    {
        if (options.Currency is null)
        {
            return ValidateOptionsResult.Fail("Store:Currency is missing / 缺少 Store:Currency");
        }

        var results = new List<ValidationResult>();
        return Validator.TryValidateObject(options.Currency, new ValidationContext(options.Currency), results, validateAllProperties: true)
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(results.Select(r => r.ErrorMessage ?? "Store:Currency is invalid / 货币设置无效"));
    }
}
